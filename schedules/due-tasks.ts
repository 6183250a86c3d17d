/**
 * The `due_tasks` job (spec 6.3): due `scheduled` messages become `pending` (rules in release.ts).
 *
 * Per page of due docs (due-rows.ts): read the docs fresh, hydrate them in bulk, keep those whose send
 * window (send-window.ts, in the doc's zone) is open, build the template context (patient, place and
 * their registrations) only when a message must be generated, apply the rules, and write the changed
 * docs with one `_bulk_docs`. A conflict re-reads that doc and applies the rules again to the fresh
 * version (bounded), so a concurrent edit is never overwritten. Docs are saved minified; only their
 * `scheduled_tasks` change.
 */
import { DateTime } from 'luxon';
import { bulkSave, fetchDocs } from '../lib/couch/bulk';
import type { VigilMessaging } from '../lib/messages';
import { getRegistrations } from '../lib/registrations/registrations';
import { hydrateDocs, toHydrationSource } from '../lib/runner/hydrate';
import { minify } from '../lib/runner/minify';
import type { Doc, Message, MessageContext, Task } from '../lib/types';
import type { Job, JobContext, JobSummary } from './job';
import { dueTasksExpireAfter } from './job-settings';
import { leased } from './leased-job';
import { DEFAULT_PAGE_SIZE, dueDocIdPages } from './due-rows';
import { changedCount, dueTaskIndexes, needsGeneration, releaseTasks, type ReleaseEnv } from './release';
import { isInSendWindow, lineageZone } from './send-window';

export const DUE_TASKS = 'due_tasks';

export interface DueTasksOptions {
  /** view rows per page (default 1000) */
  pageSize?: number;
  /** docs prepared at once within a page (default 64) */
  concurrency?: number;
  /** attempts per doc when its save conflicts (default 3) */
  maxAttempts?: number;
}

export interface DueTasksSummary extends JobSummary {
  docs: number;
  saved: number;
  released: number;
  cleared: number;
  expired: number;
  left: number;
  outside_window: number;
  conflicts: number;
  failed: number;
}

/** Everything fixed for one run. */
interface RunEnv {
  ctx: JobContext;
  nowMs: number;
  messaging: VigilMessaging;
  clearFailing: boolean;
  expireBeforeMs?: number;
  expireAfter?: string;
}

const asId = (v: unknown): string | undefined => ((typeof v === 'string' && v !== '') || typeof v === 'number' ? String(v) : undefined);

/** CHT's due_tasks context: the hydrated patient and place, and the registrations of each (by shortcode). */
async function templateContext(env: RunEnv, doc: Doc): Promise<MessageContext> {
  const { lookups, config } = env.ctx;
  const patientId = asId(doc.fields?.patient_id) ?? asId(doc.patient?.patient_id);
  const placeId = asId(doc.fields?.place_id) ?? asId(doc.place?.place_id);
  const [registrations, placeRegistrations] = await Promise.all([
    patientId ? getRegistrations(lookups, config.settings, [patientId]) : [],
    placeId ? getRegistrations(lookups, config.settings, [placeId]) : [],
  ]);
  return { patient: doc.patient, place: doc.place, registrations, placeRegistrations };
}

function generator(env: RunEnv, doc: Doc, context: MessageContext): (task: Task) => Message | undefined {
  return (task) => {
    try {
      const { message } = env.messaging.generate(doc, { translation_key: task.message_key, message: task.message }, task.recipient, context);
      return message.error ? undefined : message;
    } catch (err) {
      // a broken template fails this message only (CHT aborts the whole run)
      env.ctx.logger.warn('due_tasks: could not generate a scheduled message', { doc: doc._id, message_key: task.message_key, error: String((err as Error)?.message ?? err) });
      return undefined;
    }
  };
}

type Prepared =
  | { kind: 'save'; doc: Doc; counts: ReturnType<typeof releaseTasks> }
  | { kind: 'unchanged'; counts?: ReturnType<typeof releaseTasks> }
  | { kind: 'outside_window' };

/** The new version of one stored doc (from its hydrated copy), or why there is none. */
async function prepare(env: RunEnv, stored: Doc, hydrated: Doc): Promise<Prepared> {
  const indexes = dueTaskIndexes(hydrated, env.nowMs);
  if (!indexes.length) return { kind: 'unchanged' };
  const zone = lineageZone(hydrated) ?? env.ctx.config.clock.zone;
  if (!isInSendWindow(env.nowMs, zone, env.ctx.config.settings)) return { kind: 'outside_window' };
  const context = needsGeneration(hydrated, indexes) ? await templateContext(env, hydrated) : {};
  const release: ReleaseEnv = {
    clock: env.ctx.config.clock,
    clearFailing: env.clearFailing,
    expireBeforeMs: env.expireBeforeMs,
    expireAfter: env.expireAfter,
    generate: generator(env, hydrated, context),
  };
  const counts = releaseTasks(hydrated, indexes, release);
  if (!changedCount(counts)) return { kind: 'unchanged', counts };
  // only the tasks change: the rest of the doc is written back as it was stored
  return { kind: 'save', doc: minify({ ...stored, scheduled_tasks: hydrated.scheduled_tasks }), counts };
}

/** Stands in for the missing `form` of a free-text data_record while it is hydrated (never stored). */
const NO_FORM = '\u0000due_tasks:no-form';

/**
 * Bulk hydration as CHT's due_tasks gets it (lineage `hydrateDocs`): every data_record is hydrated like a
 * report, with or without a `form` (DUE-01's records have none). lib/runner/hydrate.ts only hydrates
 * reports with a form (the changes-feed path), so formless records get a placeholder form meanwhile.
 */
async function hydrateAll(docs: Doc[], source: ReturnType<typeof toHydrationSource>): Promise<Doc[]> {
  const marked = docs.map((d) => (d.type === 'data_record' && !d.form ? { ...d, form: NO_FORM } : d));
  const hydrated = await hydrateDocs(marked, source);
  for (const h of hydrated) if (h && h.form === NO_FORM) delete h.form;
  return hydrated;
}

/** Runs `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

function tally(summary: DueTasksSummary, prepared: Prepared): void {
  if (prepared.kind === 'outside_window') {
    summary.outside_window++;
    return;
  }
  const c = prepared.counts;
  if (!c) return;
  summary.released += c.released;
  summary.cleared += c.cleared;
  summary.expired += c.expired;
  summary.left += c.left;
}

/** Prepares and writes the docs with these ids; conflicting ones are re-read and retried. */
async function processIds(env: RunEnv, ids: string[], opts: Required<DueTasksOptions>, summary: DueTasksSummary): Promise<void> {
  const { couch, lookups } = env.ctx;
  const source = toHydrationSource(lookups);
  let pending = ids;
  for (let attempt = 1; pending.length && attempt <= opts.maxAttempts; attempt++) {
    const stored = [...(await fetchDocs(couch.medic, pending)).values()];
    const hydrated = await hydrateAll(stored, source);
    const prepared = await mapLimit(stored.map((doc, i) => ({ doc, h: hydrated[i] })), opts.concurrency, ({ doc, h }) => prepare(env, doc, h));
    const toSave = prepared.flatMap((p) => (p.kind === 'save' ? [p] : []));
    // counts of a conflicting doc are taken from the attempt that finally writes it
    prepared.filter((p) => p.kind !== 'save').forEach((p) => tally(summary, p));
    if (!toSave.length) return;
    const results = await bulkSave(couch.medic, toSave.map((p) => p.doc));
    (lookups as { invalidate?: (ids: Iterable<string>) => void }).invalidate?.(toSave.map((p) => p.doc._id));
    pending = [];
    results.forEach((r, i) => {
      if (r.ok) {
        summary.saved++;
        tally(summary, toSave[i]);
      } else if (r.status === 409) {
        summary.conflicts++;
        pending.push(r.id);
      } else {
        summary.failed++;
        env.ctx.logger.warn('due_tasks: could not save a doc', { doc: r.id, error: r.error, reason: r.reason });
      }
    });
  }
  if (pending.length) {
    summary.failed += pending.length;
    env.ctx.logger.warn('due_tasks: docs still conflicting, left for the next run', { docs: pending, attempts: opts.maxAttempts });
  }
}

/** The start of expiry: tasks due before `now - expire_after` (calendar maths in the clock's zone). */
function expireBefore(ctx: JobContext, nowMs: number): { ms: number; text: string } | undefined {
  const expiry = dueTasksExpireAfter(ctx.config.settings);
  if (!expiry) return undefined;
  const { amount, unit } = expiry.duration;
  const ms = DateTime.fromMillis(nowMs, { zone: ctx.config.clock.zone }).minus({ [`${unit}s`]: amount }).toMillis();
  return { ms, text: expiry.text };
}

export function createDueTasksJob(options: DueTasksOptions = {}): Job {
  const opts: Required<DueTasksOptions> = {
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    concurrency: options.concurrency ?? 64,
    maxAttempts: options.maxAttempts ?? 3,
  };
  return {
    name: DUE_TASKS,
    everyMs: 60_000,
    async run(ctx: JobContext): Promise<DueTasksSummary> {
      const nowMs = ctx.config.clock.nowMs();
      const expiry = expireBefore(ctx, nowMs);
      const env: RunEnv = {
        ctx,
        nowMs,
        messaging: ctx.config.messaging as VigilMessaging,
        clearFailing: ctx.config.settings.sms?.clear_failing_schedules === true,
        expireBeforeMs: expiry?.ms,
        expireAfter: expiry?.text,
      };
      const summary: DueTasksSummary = { docs: 0, saved: 0, released: 0, cleared: 0, expired: 0, left: 0, outside_window: 0, conflicts: 0, failed: 0 };
      // a doc seen on an earlier page (it has dues at several keys) is done: all its due tasks were handled
      const seen = new Set<string>();
      for await (const page of dueDocIdPages(ctx.couch.medic, nowMs, { pageSize: opts.pageSize, signal: ctx.signal })) {
        const ids = page.filter((id) => !seen.has(id));
        ids.forEach((id) => seen.add(id));
        summary.docs += ids.length;
        if (ids.length) await processIds(env, ids, opts, summary);
        if (ctx.signal?.aborted) break;
      }
      const level = summary.saved || summary.failed ? 'info' : 'debug';
      ctx.logger.log(level, 'due_tasks finished', { ...summary });
      return summary;
    },
  };
}

/** The registered job: lease-guarded, so two vigil processes never release the same messages twice. */
export const dueTasksJob: Job = leased(createDueTasksJob());
