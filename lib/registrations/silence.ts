/**
 * Silencing a subject's registrations when a follow-up report arrives (spec 3.4 step 6; also the
 * registration transition's clear_schedule trigger).
 *
 * vigil fix #1: CHT writes each registration back on the spot (whole doc, no conflict handling), so a
 * concurrent edit is lost and a retried change clears twice. Here the transition only gets `update`
 * effects; the op re-selects the tasks on the FRESH registration, so several follow-ups in one batch
 * compose and a replayed effect changes nothing.
 */
import { DateTime } from 'luxon';
import { setTaskState } from '../messages/state';
import { registerUpdateOp } from '../runner/update-ops';
import type { Clock, Doc, Effect, Settings, Task } from '../types';
import { toMillis } from './dates';
import { addDuration, parseDuration } from '../scheduling/duration';
import { fixedClock } from './ops-clock';

export const SILENCE_OP = 'registrations.silence_tasks';

/** States a silencing may clear; anything else (sent, delivered, failed, ...) is history. */
export const CLEARABLE_STATES: readonly string[] = ['pending', 'scheduled', 'muted'];

/** What to clear, as data (it sits in the write-ahead intent). */
export interface SilenceArgs {
  /** the follow-up report: becomes `cleared_by` */
  reportId: string;
  /** task types under review (`silence_type` split on commas, trimmed) */
  types: string[];
  /**
   * With `silence_for`: epoch ms `reported_date + silence_for`; every (group, type) having a task due by
   * then is cleared whole. Absent: every clearable task of those types. (NaN would not survive JSON, so a
   * report without a readable date sends `until: null` = nothing has started.)
   */
  until?: number | null;
  /** zone ISO dues without an offset are read in */
  zone: string;
}

export function silenceTypes(silenceType: string | undefined): string[] {
  return typeof silenceType === 'string' && silenceType ? silenceType.split(',').map((t) => t.trim()) : [];
}

/** `reported_date + silence_for`; an unreadable duration adds nothing (CHT: a zero duration). */
export function silenceUntil(reportedDate: unknown, silenceFor: string, zone: string): number | null {
  const reported = toMillis(reportedDate, zone);
  if (!Number.isFinite(reported)) return null;
  const start = DateTime.fromMillis(reported, { zone });
  const duration = parseDuration(silenceFor);
  return duration ? addDuration(start, duration).toMillis() : reported;
}

/** The tasks these args clear on this registration (pure). */
export function tasksToClear(registration: Doc, args: SilenceArgs): Task[] {
  const tasks: Task[] = Array.isArray(registration.scheduled_tasks) ? registration.scheduled_tasks : [];
  const underReview = tasks.filter((task) => task && args.types.includes(task.type));
  const clearable = underReview.filter((task) => CLEARABLE_STATES.includes(task.state as string));
  if (args.until === undefined) return clearable;
  const until = args.until;
  // a group "has started" when any of its tasks (whatever its state) is due by `until`
  const started = until === null
    ? []
    : underReview.filter((task) => toMillis(task.due, args.zone) <= until);
  return clearable.filter((task) => started.some((s) => s.group === task.group && s.type === task.type));
}

/** Clears the selected tasks in place; returns how many changed. */
export function clearTasks(registration: Doc, args: SilenceArgs, clock: Clock): number {
  let changed = 0;
  for (const task of tasksToClear(registration, args)) {
    setTaskState(task, 'cleared', clock);
    task.cleared_by = args.reportId;
    changed++;
  }
  return changed;
}

registerUpdateOp(SILENCE_OP, (doc, args: SilenceArgs, nowIso) => (clearTasks(doc, args, fixedClock(nowIso)) ? doc : null));

export interface SilenceEnv {
  clock: Clock;
  settings: Settings;
}

/**
 * Plans the silencing of these registrations by `report` (the report itself is never silenced).
 * Returns one update effect per registration with something to clear, and in-memory copies of those
 * registrations as the effects will leave them (for what the transition does next).
 */
export function silenceRegistrations(
  registrations: Doc[],
  report: Doc,
  silenceType: string | undefined,
  silenceFor: string | undefined,
  env: SilenceEnv,
): { effects: Effect[]; silenced: Doc[] } {
  const types = silenceTypes(silenceType);
  if (!types.length) return { effects: [], silenced: [] };
  const zone = env.clock.zone;
  const args: SilenceArgs = { reportId: report._id, types, zone };
  if (silenceFor) args.until = silenceUntil(report.reported_date, silenceFor, zone);

  const effects: Effect[] = [];
  const silenced: Doc[] = [];
  const seen = new Set<string>([report._id]);
  for (const registration of registrations) {
    if (!registration || seen.has(registration._id)) continue;
    seen.add(registration._id);
    const copy = structuredClone(registration);
    if (!clearTasks(copy, args, env.clock)) continue;
    effects.push({ kind: 'update', id: registration._id, op: SILENCE_OP, args });
    silenced.push(copy);
  }
  return { effects, silenced };
}
