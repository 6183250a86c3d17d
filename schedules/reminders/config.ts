/**
 * The `reminders[]` settings (spec 8.2), read into what a run needs, with a problem for every entry that
 * cannot run. CHT's rule for a runnable entry: a non-empty string `form`, a `message` or `translation_key`
 * (the plural `messages` is not read), a schedule, and `contact_types` absent or a non-empty list of known
 * types; anything else is skipped with a warning. vigil reports the same entries (with JSON paths) and
 * also what CHT silently ignores: an unsupported `text_expression` and an unreadable `mute_after_form_for`.
 */
import type { ConfigProblem, Settings } from '../../lib/types';
import { toJsonPath, type PathSegment } from '../../lib/config/paths';
import { getLeafPlaceTypes, getTypeById, HARDCODED_TYPES } from '../../lib/runner/contact-types';
import { reminderSchedule, type ReminderSchedule } from './schedule';

export type MuteUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export interface MuteDuration {
  amount: number;
  unit: MuteUnit;
}

export interface ReminderPlan {
  /** position in `settings.reminders` (for logs) */
  index: number;
  /** the entry as configured: stored in the run log, used as the message config */
  config: Record<string, any>;
  form: string;
  schedule: ReminderSchedule;
  /** contact type ids whose places get the reminder */
  contactTypes: string[];
  /** don't remind places that sent `form` within this long before the occurrence */
  muteFor?: MuteDuration;
}

/**
 * `"<whole number> <unit>"`. CHT reads minute, hour, day and week only and ignores anything else (the
 * reminder then never mutes); vigil also reads month and year (calendar maths) and reports the rest.
 */
export const MUTE_DURATION = /^(\d+) (minute|hour|day|week|month|year)s?$/;

export function parseMuteDuration(value: unknown): MuteDuration | undefined {
  if (typeof value !== 'string') return undefined;
  const m = MUTE_DURATION.exec(value);
  return m ? { amount: Number(m[1]), unit: m[2] as MuteUnit } : undefined;
}

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

export interface ReadReminders {
  reminders: ReminderPlan[];
  problems: ConfigProblem[];
  /**
   * The part of `problems` the settings schema cannot see, because it depends on `contact_types`:
   * unknown types named by a reminder, and no leaf place type to default to (for `vigil check`).
   */
  contactTypeProblems: ConfigProblem[];
}

/** Every configured reminder that can run, and a problem for each that cannot (or runs partly). */
export function readReminders(settings: Settings | undefined): ReadReminders {
  const list = settings?.reminders;
  const out: ReadReminders = { reminders: [], problems: [], contactTypeProblems: [] };
  if (list === undefined || list === null) return out;
  const problem = (segments: PathSegment[], message: string, severity: 'error' | 'warning' = 'error') =>
    out.problems.push({ path: toJsonPath(['reminders', ...segments]), message, section: 'reminders', severity });
  if (!Array.isArray(list)) {
    problem([], 'must be an array of reminders');
    return out;
  }
  list.forEach((config, index) => {
    if (!isObject(config)) {
      problem([index], 'must be an object; this reminder is skipped');
      return;
    }
    let ok = true;
    const fail = (key: string, message: string) => {
      problem([index, key], `${message}; this reminder is skipped`);
      ok = false;
    };
    if (typeof config.form !== 'string' || config.form === '') fail('form', 'must be a non-empty string');
    if (!config.message && !config.translation_key) {
      fail('message', present(config.messages) ? 'is missing (reminders read `message` or `translation_key`, not `messages`)' : 'is missing: give a message or a translation_key');
    }
    const schedule = reminderSchedule(config);
    if (!schedule.ok) fail(schedule.key, schedule.error);

    let contactTypes: string[] = [];
    if (config.contact_types !== undefined) {
      const types = config.contact_types;
      if (!Array.isArray(types) || !types.length) fail('contact_types', 'must be a non-empty list of contact type ids');
      else {
        const unknown = types.filter((t) => typeof t !== 'string' || !((HARDCODED_TYPES as readonly string[]).includes(t) || getTypeById(settings, t)));
        if (unknown.length) {
          fail('contact_types', `names unknown contact types: ${unknown.map((t) => JSON.stringify(t)).join(', ')}`);
          out.contactTypeProblems.push(out.problems[out.problems.length - 1]);
        } else contactTypes = types as string[];
      }
    } else {
      contactTypes = getLeafPlaceTypes(settings).map((t) => t.id);
      if (ok && !contactTypes.length) {
        problem([index], 'no leaf place type is configured (contact_types), so this reminder reaches nobody', 'warning');
        out.contactTypeProblems.push(out.problems[out.problems.length - 1]);
      }
    }

    let muteFor: MuteDuration | undefined;
    if (present(config.mute_after_form_for)) {
      muteFor = parseMuteDuration(config.mute_after_form_for);
      // as CHT, the reminder still runs, without muting
      if (!muteFor) problem([index, 'mute_after_form_for'], 'must be "<whole number> <minute|hour|day|week|month|year>[s]", e.g. "2 days"; the reminder runs without muting');
    }

    if (ok && schedule.ok) {
      out.reminders.push({ index, config, form: config.form, schedule: schedule.schedule, contactTypes, muteFor });
    }
  });
  return out;
}
