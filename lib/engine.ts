/**
 * The engine: follows the medic changes feed in batches (an RxJS pipeline), transitions each batch,
 * retries failures with backoff, dead-letters what still fails, and checkpoints once per batch.
 */
import { EMPTY, defer, expand, lastValueFrom, concatMap, map, takeWhile } from 'rxjs';
import type { Logger } from 'winston';
import type { Engine, EngineOptions, DrainResult } from './engine-api';
import type { Clock, ConfigProblem, Transition } from './types';
import { ensureDb } from './couch/client';
import { installDesignDocs } from './couch/ddoc';
import { queryView } from './couch/bulk';
import { VIEWS } from './couch/views';
import { ChangesSource, type ChangesBatch, CouchHttpError } from './feed/changes-source';
import { checkpointId, readCheckpoint, writeCheckpoint } from './feed/checkpoint';
import { selectTargets, touchesConfig, type Target } from './feed/filter-changes';
import { ProgressTracker } from './feed/progress';
import { systemClock } from './time/clock';
import { backoffDelay, isPermanent, sleep } from './util/backoff';
import { createLogger } from './log';
import { createMetrics, setFeedState, type Metrics } from './metrics';
import { createLookups } from './runner/lookups';
import { processDocs } from './runner/process-docs';
import { countDeadLetters, recordDeadLetter, removeDeadLetter } from './runner/dead-letter';
import type { ConfigSnapshot } from './runner/snapshot';
import { ConfigLoader } from './config-loader';
import { TRANSITIONS } from '../transitions';
import { JOBS } from '../schedules';
import { Scheduler } from '../schedules/scheduler';
import { sendNewPushes } from '../schedules/outbound';
import { OutboundTrigger } from './outbound/trigger';
import { outboxTarget } from './outbound/notifier';
import type { HealthReport } from './http/ops-server';

/** How often one batch is retried before its remaining failures are dead-lettered. */
const DOC_ATTEMPTS = 5;

export type FeedState = 'idle' | 'running' | 'backoff' | 'fatal' | 'stopped';

export class VigilEngine implements Engine {
  readonly metrics: Metrics;
  readonly logger: Logger;
  private readonly source: ChangesSource;
  private readonly baseClock: Clock;
  private readonly loader: ConfigLoader;
  private readonly lookups: ReturnType<typeof createLookups>;
  private readonly checkpoint: string;
  private readonly registry: Transition[];
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly progress: ProgressTracker;
  private abort = new AbortController();
  private stopping = false;
  private following?: Promise<void>;
  private lastProgressLog = 0;
  private behindSince?: number;
  private scheduler?: Scheduler;
  private statsTimer?: NodeJS.Timeout;
  /** sends new outbound pushes right after their commit (retries are the outbound job's) */
  private readonly outbound: OutboundTrigger;
  feedState: FeedState = 'idle';
  feedError?: string;
  lastSeq?: string;
  backlog?: number;

  constructor(private readonly opts: EngineOptions & { metrics?: Metrics }) {
    this.logger = opts.logger ?? createLogger();
    this.metrics = opts.metrics ?? createMetrics();
    this.baseClock = opts.clock ?? systemClock();
    this.registry = opts.transitions ?? TRANSITIONS;
    this.source = new ChangesSource(opts.couch.serverUrl, opts.couch.medicName);
    this.lookups = createLookups(opts.couch, { partition: opts.partition });
    this.loader = new ConfigLoader({ couch: opts.couch, fixedSettings: opts.settings, baseClock: this.baseClock, logger: this.logger, implemented: this.registry });
    this.checkpoint = checkpointId(opts.partition);
    this.batchSize = opts.batchSize ?? 200;
    this.concurrency = opts.concurrency ?? 64;
    this.progress = new ProgressTracker({ nowMs: () => Date.now() });
    this.outbound = new OutboundTrigger(
      outboxTarget(opts.couch),
      (ids) => sendNewPushes({ couch: this.opts.couch, config: this.config, lookups: this.lookups, logger: this.logger }, ids),
      this.logger,
    );
  }

  get config(): ConfigSnapshot {
    return this.loader.current;
  }

  async init(): Promise<void> {
    await ensureDb(this.opts.couch.server, this.opts.couch.medicName);
    await ensureDb(this.opts.couch.server, this.opts.couch.sentinelName);
    await installDesignDocs(this.opts.couch);
    await this.reloadConfig();
    const seeded = await this.loader.seedDuplicates(this.config.clock.nowMs());
    if (seeded) this.logger.info('duplicate-message guard restored', { recent_messages: seeded });
    this.metrics.deadLetters.set(await countDeadLetters(this.opts.couch.sentinel));
  }

  async reloadConfig(): Promise<void> {
    const snap = await this.loader.reload();
    for (const name of this.registry.map((t) => t.name)) {
      this.metrics.transitionEnabled.set({ transition: name }, snap.transitions.some((t) => t.name === name) ? 1 : 0);
    }
    this.metrics.configProblems.reset();
    for (const p of snap.problems) this.metrics.configProblems.inc({ section: p.section ?? 'general' });
  }

  implementedTransitions(): string[] {
    return this.registry.map((t) => t.name);
  }

  implementedJobs(): string[] {
    return Object.keys(JOBS);
  }

  configProblems(): ConfigProblem[] {
    return this.loader.current?.problems ?? [];
  }

  async markCaughtUp(): Promise<void> {
    const seq = await this.source.updateSeq();
    await writeCheckpoint(this.opts.couch.sentinel, this.checkpoint, seq);
    this.lastSeq = seq;
  }

  /** Transitions these doc ids now (used by `vigil dlq retry`); clears their dead letters on success. */
  async reprocess(docIds: string[]): Promise<{ done: string[]; failed: Array<{ id: string; error: string }> }> {
    const res = await processDocs(docIds.map((id) => ({ id, seq: null })), this.processDeps());
    for (const id of res.done) await removeDeadLetter(this.opts.couch.sentinel, id);
    this.metrics.deadLetters.set(await countDeadLetters(this.opts.couch.sentinel));
    return { done: res.done, failed: [...res.failed].map(([id, f]) => ({ id, error: String((f.error as Error)?.message ?? f.error) })) };
  }

  async drain(): Promise<DrainResult> {
    let since = await readCheckpoint(this.opts.couch.sentinel, this.checkpoint);
    const total: DrainResult = { processed: 0, deadLettered: 0, lastSeq: since };
    for (;;) {
      const batch = await this.fetchWithRetry(since, false);
      if (!batch) break; // stopping
      if (batch.results.length === 0) {
        if (batch.last_seq !== since) await writeCheckpoint(this.opts.couch.sentinel, this.checkpoint, batch.last_seq);
        total.lastSeq = batch.last_seq;
        break;
      }
      const r = await this.processBatch(batch);
      total.processed += r.processed;
      total.deadLettered += r.deadLettered;
      total.lastSeq = since = batch.last_seq;
      if (this.stopping) break;
    }
    await this.outbound.idle();
    this.feedState = 'idle';
    await this.refreshMessageStats();
    return total;
  }

  async start(): Promise<void> {
    if (this.following) return;
    this.stopping = false;
    this.abort = new AbortController();
    const since = await readCheckpoint(this.opts.couch.sentinel, this.checkpoint);
    this.lastSeq = since;
    let caughtUp = false;
    // Pull-based: the next batch is only requested once the previous one is committed.
    const step = (from: string) =>
      defer(() => this.fetchWithRetry(from, caughtUp)).pipe(
        concatMap(async (batch) => {
          if (!batch) return undefined;
          caughtUp = batch.results.length < this.batchSize;
          if (batch.results.length) await this.processBatch(batch);
          else if (batch.last_seq !== from) await writeCheckpoint(this.opts.couch.sentinel, this.checkpoint, batch.last_seq);
          return batch.last_seq;
        }),
      );
    const pipeline = step(since).pipe(
      expand((seq) => (seq === undefined || this.stopping ? EMPTY : step(seq))),
      takeWhile((seq) => seq !== undefined && !this.stopping),
      map(() => undefined),
    );
    this.feedState = 'running';
    // Jobs run on the wall clock: their leases must agree across processes (not a test's ManualClock).
    this.scheduler = new Scheduler({
      jobs: JOBS,
      context: () => ({ couch: this.opts.couch, config: this.config, lookups: this.lookups, logger: this.logger }),
      onOutcome: (o) => this.metrics.jobRuns.inc({ job: o.job, outcome: o.outcome }),
      logger: this.logger,
    });
    this.scheduler.start();
    void this.refreshMessageStats();
    this.statsTimer = setInterval(() => void this.refreshMessageStats(), 60_000);
    this.statsTimer.unref();
    this.following = lastValueFrom(pipeline, { defaultValue: undefined })
      .catch((err) => {
        this.feedState = 'fatal';
        this.feedError = String(err?.message ?? err);
        this.logger.error('feed stopped on an unexpected error', { error: this.feedError });
      })
      .finally(() => {
        if (this.feedState !== 'fatal') this.feedState = 'stopped';
      });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    clearInterval(this.statsTimer);
    await this.scheduler?.stop();
    this.scheduler = undefined;
    await this.following;
    this.following = undefined;
    this.outbound.close();
    await this.outbound.idle();
    this.feedState = 'stopped';
    setFeedState(this.metrics, 'stopped');
  }

  async runJob(name: string): Promise<void> {
    const job = JOBS[name];
    if (!job) throw new Error(`unknown job "${name}"; known: ${Object.keys(JOBS).join(', ') || 'none'}`);
    const started = Date.now();
    try {
      await job.run({ couch: this.opts.couch, config: this.config, lookups: this.lookups, logger: this.logger });
      this.metrics.jobRuns.inc({ job: name, outcome: 'ok' });
    } catch (err) {
      this.metrics.jobRuns.inc({ job: name, outcome: 'error' });
      throw err;
    } finally {
      this.logger.debug('job finished', { job: name, ms: Date.now() - started });
    }
  }

  health(): HealthReport {
    const snap = this.loader.current;
    const feedOk = this.feedState !== 'fatal';
    return {
      live: true,
      ready: !!snap && feedOk && this.feedState !== 'stopped',
      checks: {
        config: { ok: !!snap, detail: snap ? `${snap.transitions.length} transitions enabled` : 'not loaded' },
        feed: { ok: feedOk, detail: this.feedError ?? this.feedState },
      },
      disabled_transitions: snap?.disabled.map((d) => ({ name: d.name, problems: d.problems.map((p) => ({ path: p.path, message: p.message })) })),
      feed: { state: this.feedState, last_seq: this.lastSeq, backlog: this.backlog, error: this.feedError },
    };
  }

  /** Message counts by state for `/metrics` (one grouped `_count` query). */
  async refreshMessageStats(): Promise<void> {
    try {
      const res = await queryView<number>(this.opts.couch.medic, VIEWS.task_states, { group: true });
      this.metrics.messagesByState.reset();
      for (const row of res.rows) this.metrics.messagesByState.set({ state: String(row.key) }, Number(row.value));
    } catch (err) {
      this.logger.debug('could not refresh message counts', { error: String((err as Error)?.message ?? err) });
    }
  }

  private processDeps() {
    return {
      couch: this.opts.couch,
      lookups: this.lookups,
      config: this.config,
      concurrency: this.concurrency,
      logger: this.logger,
      onOutcome: (o: { name: string; outcome: string; durationMs: number; error?: string }) => {
        this.metrics.transitionRuns.inc({ transition: o.name, outcome: o.outcome });
        this.metrics.transitionDuration.observe({ transition: o.name }, o.durationMs / 1000);
        if (o.error) this.logger.warn('transition error', { transition: o.name, error: o.error });
      },
    };
  }

  /** Reads one batch, retrying with backoff; resolves undefined when stopping. */
  private async fetchWithRetry(since: string, longpoll: boolean): Promise<ChangesBatch | undefined> {
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        const batch = await this.source.fetch(since, this.batchSize, { longpoll, signal: this.abort.signal });
        if (this.feedState !== 'running') this.logger.info('changes feed connected', { since });
        this.feedState = 'running';
        this.feedError = undefined;
        setFeedState(this.metrics, 'running');
        if (batch.pending !== undefined) {
          this.backlog = batch.pending;
          this.metrics.backlog.set(batch.pending);
        }
        return batch;
      } catch (err: any) {
        if (this.stopping) return undefined;
        const status = err instanceof CouchHttpError ? err.status : undefined;
        // Bad credentials, missing db or a rejected seq will not fix themselves quickly: say so loudly.
        this.feedState = status === 401 || status === 403 || status === 404 || status === 400 ? 'fatal' : 'backoff';
        this.feedError = String(err?.message ?? err);
        setFeedState(this.metrics, this.feedState);
        const delay = backoffDelay(attempt, { baseMs: 500, maxMs: 60_000, jitter: 0.3 });
        this.logger.error('changes feed error, retrying', { error: this.feedError, attempt, retry_in_ms: delay });
        await sleep(delay, this.abort.signal);
      }
    }
    return undefined;
  }

  private async processBatch(batch: ChangesBatch): Promise<{ processed: number; deadLettered: number }> {
    const started = Date.now();
    if (touchesConfig(batch.results)) await this.reloadConfig();
    // Anything that changed may be cached as someone's lineage: forget it before hydrating.
    this.lookups.invalidate(batch.results.map((r) => r.id));
    const { targets, skipped } = selectTargets(batch.results, this.opts.partition);
    this.metrics.changesProcessed.inc({ outcome: 'skipped' }, skipped);
    let work: Target[] = targets;
    let deadLettered = 0;
    const failures = new Map<string, { error: unknown; rev?: string; attempts: number }>();

    for (let attempt = 0; work.length > 0; attempt++) {
      let res;
      try {
        res = await processDocs(work, this.processDeps());
      } catch (err) {
        // The whole batch failed (e.g. CouchDB went away): retry it all, never skip it.
        if (isPermanent(err) && attempt >= DOC_ATTEMPTS) throw err;
        const delay = backoffDelay(attempt, { baseMs: 500, maxMs: 30_000, jitter: 0.3 });
        this.logger.error('batch failed, retrying', { error: String((err as Error)?.message ?? err), attempt, retry_in_ms: delay });
        await sleep(delay);
        continue;
      }
      this.metrics.changesProcessed.inc({ outcome: 'ok' }, res.done.length);
      for (const id of res.done) failures.delete(id);
      const retry: Target[] = [];
      for (const [id, f] of res.failed) {
        const prior = failures.get(id);
        const entry = { error: f.error, rev: f.rev, attempts: (prior?.attempts ?? 0) + 1 };
        failures.set(id, entry);
        const target = work.find((t) => t.id === id) as Target;
        if (isPermanent(f.error) || entry.attempts >= DOC_ATTEMPTS) {
          await this.deadLetter(target, entry);
          deadLettered++;
        } else {
          retry.push(target);
        }
      }
      work = retry;
      if (work.length) await sleep(backoffDelay(attempt, { baseMs: 100, maxMs: 5_000, jitter: 0.5 }));
    }

    await writeCheckpoint(this.opts.couch.sentinel, this.checkpoint, batch.last_seq);
    this.lastSeq = batch.last_seq;
    this.metrics.batchDuration.observe((Date.now() - started) / 1000);
    this.reportProgress(targets.length, batch.pending);
    return { processed: targets.length, deadLettered };
  }

  private async deadLetter(target: Target, f: { error: unknown; rev?: string; attempts: number }): Promise<void> {
    const error = String((f.error as Error)?.message ?? f.error);
    await recordDeadLetter(this.opts.couch.sentinel, { docId: target.id, rev: f.rev, seq: target.seq, error, attempts: f.attempts, nowIso: new Date().toISOString() });
    this.metrics.changesProcessed.inc({ outcome: 'dead_lettered' });
    this.metrics.deadLetters.inc();
    this.logger.error('change dead-lettered', { doc_id: target.id, seq: target.seq, error, attempts: f.attempts });
  }

  private reportProgress(processed: number, remaining: number | undefined): void {
    this.progress.record(processed, remaining ?? 0);
    const now = Date.now();
    // "Age of the oldest unprocessed change" = how long the feed has been behind without catching up.
    if (!remaining) this.behindSince = undefined;
    else this.behindSince ??= now;
    this.metrics.oldestUnprocessedAgeSeconds.set(this.behindSince ? (now - this.behindSince) / 1000 : 0);
    if (remaining && remaining > 0 && now - this.lastProgressLog > 5000) {
      this.lastProgressLog = now;
      this.logger.info(this.progress.format(this.progress.snapshot()));
    }
  }
}

export function createEngine(opts: EngineOptions & { metrics?: Metrics }): VigilEngine {
  return new VigilEngine(opts);
}
