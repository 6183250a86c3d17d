/**
 * The outbound sender (spec 8.3, with vigil's fixes): pages the `task:outbound:` outbox, rebuilds each
 * queued payload from the doc's CURRENT state, and pushes it unless the last delivered push of that
 * config had the same hash. Success removes exactly that key and records `completed_tasks`; failure backs
 * off exponentially (per key) and, after the config's attempt limit, dead-letters the key. Pushes go one
 * at a time; one failing task never stops the others. Runs on its tick; `sendNewPushes` sends the
 * pushes an `outbound` effect just queued (lib/outbound/notifier.ts, trigger.ts) without waiting for it.
 */
import type { Couch } from '../lib/couch/client';
import { statusOf } from '../lib/couch/client';
import { parseJsonPath } from '../lib/config/paths';
import { blankInfodoc, fetchInfodocs, infodocId } from '../lib/runner/infodoc';
import { hydrateDocs } from '../lib/runner/hydrate';
import type { ConfigSnapshot } from '../lib/runner/snapshot';
import { parseSyntheticDate, systemClock } from '../lib/time/clock';
import type { Clock, Doc, InfoDoc } from '../lib/types';
import { outboundConfigs, type OutboundConfig } from '../lib/outbound/config';
import { completedTask, lastCompletedHash, type CompletedTask } from '../lib/outbound/completed';
import { isCronDue } from '../lib/outbound/cron';
import { recordOutboundDeadLetter } from '../lib/outbound/dead-letter';
import { outboxTarget } from '../lib/outbound/notifier';
import { commitOutcomes, outboxPage, outboxTaskId, OUTBOX_PREFIX, type KeyOutcome, type OutboxTask } from '../lib/outbound/outbox';
import { buildPayload } from '../lib/outbound/payload';
import { payloadHash } from '../lib/outbound/hash';
import { afterFailure, retryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../lib/outbound/retry';
import { pushUrl, sendPayload } from '../lib/outbound/send';
import { cachedReader, Vault, type SecretReader } from '../lib/secrets/vault';
import type { Job, JobContext, JobSummary } from './job';
import { leased } from './leased-job';

export interface OutboundJobOptions {
  /** outbox tasks read per page (CHT: 1000) */
  pageSize?: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  random?: () => number;
  /** defaults under each config's own `retry` settings */
  retry?: RetryPolicy;
  /** where credentials come from (default: the vault beside the medic db) */
  secrets?: (couch: Couch) => SecretReader;
}

const FIVE_MINUTES = 5 * 60_000;

/**
 * The time cron windows and backoffs are measured in. `synthetic_date` freezes the engine's "now";
 * CHT's cron window uses the real time, and a frozen clock would never let a backoff elapse.
 */
function realClock(config: ConfigSnapshot): Clock {
  const frozen = parseSyntheticDate(config.settings?.synthetic_date, config.clock.zone) !== undefined;
  return frozen ? systemClock(config.clock.zone) : config.clock;
}

/**
 * Config names whose settings have errors (their pushes wait, neither sent nor dropped), or `'*'` when
 * the whole section is broken.
 */
function heldConfigs(config: ConfigSnapshot): Set<string> {
  const held = new Set<string>();
  for (const p of config.problems ?? []) {
    if ((p.severity ?? 'error') !== 'error') continue;
    const path = parseJsonPath(p.path);
    if (!path || path[0] !== 'outbound') continue;
    held.add(path.length > 1 ? String(path[1]) : '*');
  }
  return held;
}

const describe = (err: unknown): string => String((err as Error)?.message ?? err);

async function fetchDocs(couch: Couch, ids: string[]): Promise<Map<string, Doc>> {
  const res = await couch.medic.fetch({ keys: ids });
  const out = new Map<string, Doc>();
  for (const row of res.rows as any[]) if (row.doc && !row.doc._deleted) out.set(row.id, row.doc);
  return out;
}

/** Appends a delivered push to the fresh infodoc (creating it), retrying on 409; returns the saved doc. */
async function appendCompleted(couch: Couch, docId: string, entry: CompletedTask, nowIso: string): Promise<InfoDoc> {
  for (let attempt = 0; ; attempt++) {
    let info: InfoDoc;
    try {
      info = (await couch.sentinel.get(infodocId(docId))) as InfoDoc;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      info = blankInfodoc(docId, nowIso);
    }
    info.completed_tasks = [...(Array.isArray(info.completed_tasks) ? info.completed_tasks : []), entry];
    try {
      const res = await couch.sentinel.insert(info);
      return { ...info, _rev: res.rev };
    } catch (err) {
      if (statusOf(err) !== 409 || attempt >= 10) throw err;
    }
  }
}

class OutboundRun {
  private readonly configs: Map<string, OutboundConfig>;
  private readonly held: Set<string>;
  private readonly clock: Clock;
  private readonly secrets: SecretReader;
  private readonly heldCount = new Map<string, number>();
  private readonly summary = { sent: 0, failed: 0, dead_lettered: 0, dropped: 0 };

  constructor(
    private readonly ctx: JobContext,
    private readonly opts: OutboundJobOptions,
    /** only keys never attempted (a signalled run: retries are the tick's business) */
    private readonly onlyNew = false,
  ) {
    this.configs = new Map(outboundConfigs(ctx.config.settings));
    this.held = heldConfigs(ctx.config);
    this.clock = realClock(ctx.config);
    this.secrets = cachedReader(opts.secrets?.(ctx.couch) ?? new Vault(ctx.couch));
  }

  async run(): Promise<JobSummary> {
    if (this.held.has('*')) {
      this.ctx.logger.warn('outbound settings have errors; queued pushes wait until they are fixed');
      return { held: true };
    }
    const pageSize = Math.max(1, this.opts.pageSize ?? 1000);
    let after: string | undefined;
    while (!this.ctx.signal?.aborted) {
      const page = await outboxPage(this.ctx.couch.sentinel, after, pageSize);
      if (page.length) await this.page(page);
      if (page.length < pageSize) break;
      after = page[page.length - 1]._id;
    }
    for (const [name, count] of this.heldCount) {
      this.ctx.logger.warn('outbound config has errors; its queued pushes wait until it is fixed', { outbound: name, queued: count });
    }
    return { ...this.summary };
  }

  /** The tasks of these medic docs only (a signalled run). */
  async runFor(docIds: string[]): Promise<JobSummary> {
    if (this.held.has('*') || !docIds.length) return { ...this.summary };
    const res = await this.ctx.couch.sentinel.fetch({ keys: docIds.map(outboxTaskId) });
    const tasks = (res.rows as any[]).filter((row) => row.doc && !row.doc._deleted).map((row) => row.doc as OutboxTask);
    if (tasks.length) await this.page(tasks);
    return { ...this.summary };
  }

  private async page(tasks: OutboxTask[]): Promise<void> {
    const { couch, logger } = this.ctx;
    const docIdOf = (t: OutboxTask) => (typeof t.doc_id === 'string' ? t.doc_id : t._id.slice(OUTBOX_PREFIX.length));
    const ids = tasks.map(docIdOf);
    const docs = await fetchDocs(couch, ids);
    const live: OutboxTask[] = [];
    for (const task of tasks) {
      if (docs.has(docIdOf(task))) {
        live.push(task);
        continue;
      }
      logger.info('outbound task dropped: its doc is gone', { doc_id: docIdOf(task), queue: task.queue });
      try {
        await couch.sentinel.destroy(task._id, task._rev as string);
      } catch (err) {
        if (statusOf(err) !== 404 && statusOf(err) !== 409) throw err; // 409: re-queued meanwhile, next run decides
      }
    }
    if (!live.length) return;
    const infos = await fetchInfodocs(couch.sentinel, live.map(docIdOf));
    const hydrated = await hydrateDocs(live.map((t) => docs.get(docIdOf(t)) as Doc), this.ctx.lookups);
    for (const [i, task] of live.entries()) {
      if (this.ctx.signal?.aborted) return; // stopping: the rest waits for the next run
      try {
        await this.task(task, docIdOf(task), hydrated[i], infos.get(docIdOf(task)));
      } catch (err) {
        logger.error('outbound task failed', { doc_id: docIdOf(task), error: describe(err) });
      }
    }
  }

  private async task(task: OutboxTask, docId: string, doc: Doc, info: InfoDoc | undefined): Promise<void> {
    const { logger } = this.ctx;
    const outcomes: KeyOutcome[] = [];
    const queue = Array.isArray(task.queue) ? [...new Set(task.queue)] : [];
    for (const name of queue) {
      const config = this.configs.get(name);
      if (this.held.has(name)) {
        this.heldCount.set(name, (this.heldCount.get(name) ?? 0) + 1);
        continue;
      }
      if (!config) {
        // CHT keeps such keys forever; vigil drops them
        logger.warn('outbound push dropped: no such outbound config any more', { doc_id: docId, outbound: name });
        this.summary.dropped++;
        outcomes.push({ name, result: 'done' });
        continue;
      }
      if (this.onlyNew && task.attempts?.[name] !== undefined) continue;
      const now = this.clock.nowMs();
      if ((task.next_attempt?.[name] ?? 0) > now) continue;
      if (config.cron !== undefined && !isCronDue(config.cron, now, this.clock.zone)) continue;
      const outcome = await this.push(task, docId, doc, info, name, config, now);
      if (outcome.info) info = outcome.info;
      outcomes.push(outcome.outcome);
    }
    await commitOutcomes(this.ctx.couch.sentinel, task, outcomes);
  }

  private async push(
    task: OutboxTask,
    docId: string,
    doc: Doc,
    info: InfoDoc | undefined,
    name: string,
    config: OutboundConfig,
    now: number,
  ): Promise<{ outcome: KeyOutcome; info?: InfoDoc }> {
    const { couch, config: snapshot, logger } = this.ctx;
    let url: string | undefined;
    let payload: Record<string, unknown> | undefined;
    let hash: string;
    try {
      url = pushUrl(name, config);
      payload = buildPayload(name, config, doc, snapshot.expressions);
      hash = payloadHash(payload);
      if (hash === lastCompletedHash(info, name)) {
        logger.debug('outbound push skipped: identical payload already delivered', { doc_id: docId, outbound: name });
        return { outcome: { name, result: 'done' } };
      }
      await sendPayload(name, config, payload, { secrets: this.secrets, fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs });
    } catch (err) {
      return { outcome: await this.failed(task, docId, doc, name, config, url, payload, describe(err), now) };
    }
    const nowMs = snapshot.clock.nowMs();
    const saved = await appendCompleted(couch, docId, completedTask(name, hash, nowMs), new Date(nowMs).toISOString());
    logger.info('outbound push delivered', { doc_id: docId, outbound: name, url });
    this.summary.sent++;
    return { outcome: { name, result: 'done' }, info: saved };
  }

  private async failed(
    task: OutboxTask,
    docId: string,
    doc: Doc,
    name: string,
    config: OutboundConfig,
    url: string | undefined,
    payload: unknown,
    error: string,
    now: number,
  ): Promise<KeyOutcome> {
    const { couch, logger } = this.ctx;
    const decision = afterFailure(task.attempts?.[name] ?? 0, now, retryPolicy(config, this.opts.retry ?? DEFAULT_RETRY_POLICY), this.opts.random);
    if (decision.deadLetter) {
      await recordOutboundDeadLetter(couch.sentinel, {
        docId,
        rev: doc._rev,
        name,
        url,
        payload,
        error,
        attempts: decision.attempts,
        nowIso: new Date(now).toISOString(),
      });
      logger.error('outbound push dead-lettered after its last attempt', { doc_id: docId, outbound: name, url, attempts: decision.attempts, error });
      this.summary.dead_lettered++;
      return { name, result: 'done' };
    }
    this.summary.failed++;
    logger.warn(`Failed to push ${docId} to ${name}`, {
      doc_id: docId,
      outbound: name,
      url,
      attempt: decision.attempts,
      retry_at: new Date(decision.nextAttemptMs).toISOString(),
      error,
    });
    return { name, result: 'retry', attempts: decision.attempts, nextAttemptMs: decision.nextAttemptMs, error };
  }
}

/**
 * One run at a time per database: the tick and the outbox signal must never push the same key twice.
 * In this process runs queue up here; across processes the job's lease (leased-job.ts) excludes them.
 */
const inFlight = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  inFlight.set(key, next);
  const forget = () => {
    if (inFlight.get(key) === next) inFlight.delete(key);
  };
  next.then(forget, forget);
  return next;
}

const JOB_NAME = 'outbound';

/** The job: queued behind other runs of this process first, then under its lease (other processes). */
export function createOutboundJob(opts: OutboundJobOptions = {}): Job {
  const job = leased({ name: JOB_NAME, everyMs: FIVE_MINUTES, run: (ctx) => new OutboundRun(ctx, opts).run() });
  return { name: JOB_NAME, everyMs: FIVE_MINUTES, run: (ctx) => serialised(outboxTarget(ctx.couch), () => job.run(ctx)) };
}

export const outboundJob: Job = createOutboundJob();

/**
 * Sends the never-attempted pushes of these docs now: what the outbox signal runs (lib/outbound/trigger.ts)
 * right after their `outbound` effects are committed. Failed ones are retried by the job's ticks.
 */
export async function sendNewPushes(ctx: JobContext, docIds: string[], opts: OutboundJobOptions = {}): Promise<void> {
  // under the job's lease (waiting for a tick in another process), so both never push the same new key
  const job = leased({ name: JOB_NAME, everyMs: FIVE_MINUTES, run: (c) => new OutboundRun(c, opts, true).runFor(docIds) });
  await serialised(outboxTarget(ctx.couch), () => job.run({ ...ctx, trigger: 'manual' }));
}
