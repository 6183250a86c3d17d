/** `settings.schedules` (spec 4.1): the config shapes and the lookup by name. */
import type { MessageContent } from '../messages/content';
import type { Recipient, Settings } from '../types';

/** One message of a schedule. Its text is a `translation_key` (rendered when due) or inline content. */
export interface ScheduleMessageConfig extends MessageContent {
  /** compared with `===` when a group is skipped */
  group?: number | string;
  /** `"<n> <unit>"`, see duration.ts */
  offset?: string;
  /** weekday name or number (0 = Sunday) within the Sunday-started week of the due date */
  send_day?: string | number;
  /** `"HH[:mm][ offset]"` */
  send_time?: string;
  recipient?: Recipient;
  [key: string]: unknown;
}

export interface ScheduleConfig {
  /** becomes `type` of each task; referenced by assign_schedule and silence_type */
  name: string;
  summary?: string;
  description?: string;
  /** object path(s) on the report; default `reported_date` */
  start_from?: string | string[];
  /** keep the later messages of a group whose first ones are already past */
  start_mid_group?: boolean;
  /** copied onto every task */
  translation_key?: string;
  messages?: ScheduleMessageConfig[];
  [key: string]: unknown;
}

/** The schedule called `name`; with several of that name the last one wins, as in CHT. */
export function findSchedule(settings: Settings, name: string): ScheduleConfig | undefined {
  const schedules: unknown = settings && settings.schedules;
  if (!Array.isArray(schedules)) return undefined;
  let found: ScheduleConfig | undefined;
  for (const schedule of schedules) {
    if (schedule && typeof schedule === 'object' && schedule.name === name) found = schedule as ScheduleConfig;
  }
  return found;
}
