/**
 * One place's reminder, as data (spec 8.2 steps 2–3): which places get one, and the doc that carries it.
 *
 * Ids are deterministic — `reminder:<form>:<occurrenceMs>:<placeId>` (medic db) and
 * `reminderlog:<form>:<occurrenceMs>` (sentinel db) — so a reminder goes out once per place and
 * occurrence however often a run is repeated (after a crash, or by a second process).
 */
import { DateTime } from 'luxon';
import type { VigilMessaging } from '../../lib/messages';
import { minifyLineage } from '../../lib/runner/minify';
import type { Doc, Task } from '../../lib/types';
import type { MuteDuration, ReminderPlan } from './config';
import { weekAndYear } from './week';

export const REMINDER_LOG_PREFIX = 'reminderlog:';

export function reminderId(form: string, occurrenceMs: number, placeId: string): string {
  return `reminder:${form}:${occurrenceMs}:${placeId}`;
}

export function reminderLogId(form: string, occurrenceMs: number): string {
  return `${REMINDER_LOG_PREFIX}${form}:${occurrenceMs}`;
}

/** The occurrence of a run log id (its last `:` segment; CHT takes the third, wrong for forms with `:`). */
export function logOccurrenceMs(id: string): number | undefined {
  const ms = Number(id.slice(id.lastIndexOf(':') + 1));
  return Number.isSafeInteger(ms) ? ms : undefined;
}

export type SkipReason = 'no_contact' | 'muted' | 'legacy_task';

/**
 * Why a stored place gets no reminder, or undefined when it may get one (CHT `canSend`): no primary
 * contact, muted, or (docs from before reminder docs existed) a `tasks` entry for this form and occurrence.
 */
export function skipReason(place: Doc, form: string, occurrenceIso: string): SkipReason | undefined {
  if (!place.contact) return 'no_contact';
  if (place.muted) return 'muted';
  const tasks: Task[] = Array.isArray(place.tasks) ? place.tasks : [];
  if (tasks.some((t) => t && t.form === form && t.timestamp === occurrenceIso)) return 'legacy_task';
  return undefined;
}

/**
 * True when a place that last sent the form at `lastSentMs` is still muted at the occurrence:
 * `occurrence <= lastSent + duration` (calendar units in the reminder zone, as moment adds them).
 */
export function sentRecently(occurrenceMs: number, lastSentMs: number | undefined, mute: MuteDuration | undefined, zone: string): boolean {
  if (!mute || typeof lastSentMs !== 'number' || !Number.isFinite(lastSentMs) || lastSentMs <= 0) return false;
  const until = DateTime.fromMillis(lastSentMs, { zone }).plus({ [`${mute.unit}s`]: mute.amount }).toMillis();
  return occurrenceMs <= until;
}

export interface ReminderEnv {
  messaging: VigilMessaging;
  zone: string;
  nowMs: number;
}

/**
 * The reminder doc for one hydrated place (CHT `createReminder`): the place as the template's `patient`
 * plus `{ week, year }`, sent to `reporting_unit` (the place's primary contact), under the usual deny and
 * duplicate rules. A template that fails to render leaves an error on the doc and no task, as in CHT.
 */
export function buildReminderDoc(plan: ReminderPlan, occurrenceMs: number, place: Doc, env: ReminderEnv): Doc {
  const doc: Doc = {
    _id: reminderId(plan.form, occurrenceMs, place._id),
    type: 'reminder',
    contact: minifyLineage(place.contact),
    place: { _id: place._id, parent: minifyLineage(place.parent) },
    form: plan.form,
    reported_date: env.nowMs,
    tasks: [],
  };
  const context = { patient: place, templateContext: weekAndYear(occurrenceMs, env.zone) };
  const task = env.messaging.addMessage(doc, plan.config, 'reporting_unit', context);
  if (task) {
    task.form = plan.form;
    task.timestamp = new Date(occurrenceMs).toISOString();
    task.type = 'reminder';
  }
  return doc;
}

/** The phone the reminder would go to: the hydrated primary contact's. */
export function primaryContactPhone(place: Doc): string | undefined {
  const phone = place.contact && typeof place.contact === 'object' ? place.contact.phone : undefined;
  return typeof phone === 'string' && phone.trim() !== '' ? phone : typeof phone === 'number' ? String(phone) : undefined;
}
