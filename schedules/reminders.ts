/**
 * The `reminders` job (spec 8.2): each configured reminder, one after another, sends its message to every
 * place of its contact types once per occurrence of its schedule.
 *
 * Per reminder: the window starts at the occurrence of its latest run log `reminderlog:<form>:<ms>` from
 * the last day (else now − 1 day, at the start of the hour); the latest occurrence after that start and at
 * or before now is the one to send (none → nothing to do). Places come page by page (places.ts); those
 * already reminded for this occurrence, those that sent the form within `mute_after_form_for`, and those
 * without a primary contact (or its phone) or muted are left out; the others get a reminder doc
 * (reminder-doc.ts) in one `_bulk_docs` per page. Only when every page is done is the run log written, so a
 * run cut short is finished by the next tick, and the deterministic ids keep it from reminding anyone twice.
 * The job holds a lease (leased-job.ts), so two vigil processes never run it at once; even so, a reminder
 * or log that another writer created first (a 409) counts as done.
 *
 * vigil differences: the schedule is read in `settings.timezone` (design §1.5); a place whose primary
 * contact has no phone is skipped (CHT writes a reminder whose message has no recipient and never leaves);
 * a failing reminder does not stop the others (the run still reports the failure).
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { bulkSave, fetchDocs } from '../lib/couch/bulk';
import { statusOf, type Db } from '../lib/couch/client';
import type { VigilMessaging } from '../lib/messages';
import { hydrateDocs, toHydrationSource } from '../lib/runner/hydrate';
import type { Doc } from '../lib/types';
import type { Job, JobContext, JobSummary } from './job';
import { leased } from './leased-job';
import { readReminders, type ReminderPlan } from './reminders/config';
import { DEFAULT_PAGE_SIZE, existingIds, lastSubmissions, placeIdPages } from './reminders/places';
import { buildReminderDoc, logOccurrenceMs, primaryContactPhone, reminderId, reminderLogId, sentRecently, skipReason, type ReminderEnv } from './reminders/reminder-doc';
import { previousOccurrence } from './reminders/schedule';

export const REMINDERS = 'reminders';

export interface RemindersOptions {
  /** places per page (default 1000, as CHT) */
  pageSize?: number;
}

export interface RemindersSummary extends JobSummary {
  /** runnable reminder configs */
  reminders: number;
  /** config problems (logged when they change) */
  problems: number;
  /** reminders that had an occurrence to send */
  due: number;
  /** reminder docs written */
  created: number;
  /** places already reminded for the occurrence */
  already: number;
  /** places that sent the form within `mute_after_form_for` */
  recently_sent: number;
  no_contact: number;
  no_phone: number;
  muted: number;
  /** reminders whose run failed (retried next tick) */
  failed: number;
}

interface RunEnv extends ReminderEnv {
  ctx: JobContext;
  pageSize: number;
}

/** The start of a reminder's window: its latest run log's occurrence within the last day, else now − 1 day. */
export async function windowStart(sentinel: Db, form: string, nowMs: number, zone: string): Promise<number> {
  const since = DateTime.fromMillis(nowMs, { zone }).startOf('hour').minus({ days: 1 }).toMillis();
  const res = await sentinel.list({ startkey: reminderLogId(form, nowMs), endkey: reminderLogId(form, since), descending: true, limit: 1 });
  const row = res.rows[0];
  return (row && logOccurrenceMs(row.id)) ?? since;
}

/** Reminds the places of one page that still need it. */
async function remindPage(env: RunEnv, plan: ReminderPlan, occurrenceMs: number, placeIds: string[], summary: RemindersSummary): Promise<void> {
  const { couch, lookups, logger } = env.ctx;
  const ids = placeIds.map((id) => reminderId(plan.form, occurrenceMs, id));
  const reminded = await existingIds(couch.medic, ids);
  let candidates = placeIds.filter((_, i) => !reminded.has(ids[i]));
  summary.already += placeIds.length - candidates.length;
  if (plan.muteFor && candidates.length) {
    const last = await lastSubmissions(couch.medic, plan.form, candidates);
    const kept = candidates.filter((id) => !sentRecently(occurrenceMs, last.get(id), plan.muteFor, env.zone));
    summary.recently_sent += candidates.length - kept.length;
    candidates = kept;
  }
  if (!candidates.length) return;

  const iso = new Date(occurrenceMs).toISOString();
  const places: Doc[] = [];
  for (const place of (await fetchDocs(couch.medic, candidates)).values()) {
    const reason = skipReason(place, plan.form, iso);
    if (reason === 'legacy_task') summary.already++;
    else if (reason) summary[reason]++;
    else places.push(place);
  }
  if (!places.length) return;

  const docs: Doc[] = [];
  for (const place of await hydrateDocs(places, toHydrationSource(lookups), { asContacts: true })) {
    if (!primaryContactPhone(place)) {
      summary.no_phone++;
      logger.debug('reminders: place skipped, its primary contact has no phone', { form: plan.form, place: place._id });
      continue;
    }
    docs.push(buildReminderDoc(plan, occurrenceMs, place, env));
  }
  if (!docs.length) return;
  const results = await bulkSave(couch.medic, docs);
  const failed = results.filter((r) => !r.ok && r.status !== 409);
  results.forEach((r) => {
    if (r.ok) summary.created++;
    else if (r.status === 409) summary.already++; // written by an earlier (interrupted) run or another process
  });
  if (failed.length) {
    throw new Error(`could not save ${failed.length} reminder doc(s): ${failed.slice(0, 3).map((r) => `${r.id}: ${r.error} ${r.reason ?? ''}`.trim()).join('; ')}`);
  }
}

async function writeRunLog(sentinel: Db, plan: ReminderPlan, occurrenceMs: number, durationMs: number, nowMs: number): Promise<void> {
  const log = { _id: reminderLogId(plan.form, occurrenceMs), duration: durationMs, reminder: plan.config, reported_date: nowMs, type: 'reminderlog' };
  try {
    await sentinel.insert(log as any);
  } catch (err) {
    if (statusOf(err) !== 409) throw err; // 409: already logged (another run finished the same occurrence)
  }
}

/** One reminder: its due occurrence, if any, sent to every place that needs it, then logged. */
async function runReminder(env: RunEnv, plan: ReminderPlan, summary: RemindersSummary): Promise<void> {
  const { couch, signal, logger } = env.ctx;
  const start = await windowStart(couch.sentinel, plan.form, env.nowMs, env.zone);
  const occurrenceMs = previousOccurrence(plan.schedule, start, env.nowMs, env.zone);
  if (occurrenceMs === undefined) return;
  summary.due++;
  const created = summary.created;
  const started = performance.now();
  for await (const page of placeIdPages(couch.medic, plan.contactTypes, { pageSize: env.pageSize, signal })) {
    await remindPage(env, plan, occurrenceMs, page, summary);
    if (signal?.aborted) break;
  }
  // an interrupted run leaves no log: the next tick finishes the same occurrence
  if (signal?.aborted) return;
  await writeRunLog(couch.sentinel, plan, occurrenceMs, performance.now() - started, env.ctx.config.clock.nowMs());
  logger.info('reminder sent', { form: plan.form, occurrence: new Date(occurrenceMs).toISOString(), reminders: summary.created - created });
}

export function createRemindersJob(options: RemindersOptions = {}): Job {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  // problems are logged as warnings when they change, not on every tick
  let reported = '';
  return {
    name: REMINDERS,
    everyMs: 60_000,
    async run(ctx: JobContext): Promise<RemindersSummary> {
      const { settings, clock } = ctx.config;
      const { reminders, problems } = readReminders(settings);
      const fingerprint = JSON.stringify(problems);
      for (const p of problems) ctx.logger.log(fingerprint === reported ? 'debug' : 'warn', 'reminders: configuration problem', { path: p.path, problem: p.message });
      reported = fingerprint;

      const summary: RemindersSummary = { reminders: reminders.length, problems: problems.length, due: 0, created: 0, already: 0, recently_sent: 0, no_contact: 0, no_phone: 0, muted: 0, failed: 0 };
      const env: RunEnv = { ctx, pageSize, messaging: ctx.config.messaging as VigilMessaging, zone: clock.zone, nowMs: clock.nowMs() };
      const errors: string[] = [];
      for (const plan of reminders) {
        if (ctx.signal?.aborted) break;
        try {
          await runReminder(env, plan, summary);
        } catch (err) {
          summary.failed++;
          const error = String((err as Error)?.message ?? err);
          errors.push(`${plan.form}: ${error}`);
          ctx.logger.error('reminders: reminder failed, retried next run', { form: plan.form, index: plan.index, error });
        }
      }
      ctx.logger.log(summary.created || summary.failed ? 'info' : 'debug', 'reminders finished', { ...summary });
      if (errors.length) throw new Error(`${errors.length} reminder(s) failed: ${errors.join(' | ')}`);
      return summary;
    },
  };
}

/** The registered job: lease-guarded, so two vigil processes never send the same reminders at once. */
export const remindersJob: Job = leased(createRemindersJob());
