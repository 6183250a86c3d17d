/**
 * Runs every job on its interval (spec 8.1, with vigil's per-job intervals): once at start, then every
 * `vigil.jobs.<name>.every` (default: the job's `everyMs`). A tick that finds the previous run of the same
 * job still going is skipped; a failure is logged and reported, never thrown; `stop()` cancels the timers,
 * aborts the runs' signal and waits for the runs in flight. Cross-process exclusion is the jobs' leases
 * (leased-job.ts): a tick whose lease is held elsewhere reports `busy`.
 */
import type { Logger } from 'winston';
import type { Clock } from '../lib/types';
import { systemClock } from '../lib/time/clock';
import type { Job, JobContext, JobSummary } from './job';
import { jobDisabled, jobIntervalMs } from './job-settings';
import { LeaseBusyError } from './lease';

export type JobOutcomeKind = 'ok' | 'error' | 'busy' | 'skipped' | 'disabled';

export interface JobOutcome {
  job: string;
  /** ok; error (logged); busy (another process holds the lease); skipped (still running here); disabled (settings) */
  outcome: JobOutcomeKind;
  durationMs: number;
  error?: string;
  summary?: JobSummary;
}

/** The timer functions the scheduler uses (tests may pass fakes). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerOptions {
  jobs: Record<string, Job>;
  /** the context of one run, read when it starts (so a config reload applies from the next run) */
  context: () => JobContext;
  /** wall clock: run durations and leases (default: the system clock) */
  clock?: Clock;
  /** called after every tick (metrics); its own failures are ignored */
  onOutcome?: (outcome: JobOutcome) => void;
  /** run every job once at start (default true, as CHT) */
  runAtStart?: boolean;
  timers?: Timers;
  logger?: Logger;
}

const message = (err: unknown) => String((err as Error)?.message ?? err);

export class Scheduler {
  private readonly timers: Timers;
  private readonly clock: Clock;
  private readonly handles = new Map<string, unknown>();
  private readonly inFlight = new Map<string, Promise<JobOutcome>>();
  private abort = new AbortController();
  private started = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.timers = opts.timers ?? realTimers;
    this.clock = opts.clock ?? systemClock('UTC');
  }

  get running(): boolean {
    return this.started;
  }

  /** Names of the jobs with a run in flight. */
  busyJobs(): string[] {
    return [...this.inFlight.keys()];
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.abort = new AbortController();
    for (const name of Object.keys(this.opts.jobs)) {
      this.arm(name, this.opts.runAtStart === false ? this.intervalMs(name) : 0);
    }
  }

  /** Stops scheduling; aborts and waits for the runs in flight. Never throws. */
  async stop(): Promise<void> {
    this.started = false;
    for (const handle of this.handles.values()) this.timers.clearTimeout(handle);
    this.handles.clear();
    this.abort.abort();
    await Promise.all([...this.inFlight.values()]);
  }

  /** The current interval of a job (settings are read through the context, so reloads apply). */
  intervalMs(name: string): number {
    const job = this.opts.jobs[name];
    let settings;
    try {
      settings = this.opts.context().config?.settings;
    } catch {
      settings = undefined;
    }
    return jobIntervalMs(settings, name, job?.everyMs ?? 60_000);
  }

  /**
   * One scheduled run of `name` now, as a timer tick does it: skipped while the previous one runs,
   * never rejects. Resolves when this run (not a skipped one's predecessor) is over.
   */
  tick(name: string): Promise<JobOutcome> {
    const job = this.opts.jobs[name];
    if (!job) return Promise.resolve(this.report({ job: name, outcome: 'error', durationMs: 0, error: `unknown job "${name}"` }));
    if (this.inFlight.has(name)) {
      this.opts.logger?.debug('job still running: tick skipped', { job: name });
      return Promise.resolve(this.report({ job: name, outcome: 'skipped', durationMs: 0 }));
    }
    const run = this.execute(job).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, run);
    return run;
  }

  private arm(name: string, delayMs: number): void {
    if (!this.started) return;
    this.handles.set(
      name,
      this.timers.setTimeout(() => {
        if (!this.started) return;
        // re-armed at the tick, not after the run: a slow run makes the next ticks skip, as in CHT
        this.arm(name, this.intervalMs(name));
        void this.tick(name);
      }, delayMs),
    );
  }

  private async execute(job: Job): Promise<JobOutcome> {
    const started = this.clock.nowMs();
    const elapsed = () => Math.max(0, this.clock.nowMs() - started);
    try {
      const base = this.opts.context();
      if (jobDisabled(base.config?.settings, job.name)) {
        return this.report({ job: job.name, outcome: 'disabled', durationMs: 0 });
      }
      const summary = await job.run({ ...base, trigger: 'schedule', signal: this.abort.signal, leaseClock: base.leaseClock ?? this.clock });
      const outcome: JobOutcome = { job: job.name, outcome: 'ok', durationMs: elapsed() };
      if (summary) outcome.summary = summary;
      this.opts.logger?.debug('job finished', { job: job.name, ms: outcome.durationMs, ...(summary ?? {}) });
      return this.report(outcome);
    } catch (err) {
      if (err instanceof LeaseBusyError) {
        this.opts.logger?.debug('job running in another process: tick skipped', { job: job.name, error: err.message });
        return this.report({ job: job.name, outcome: 'busy', durationMs: elapsed() });
      }
      this.opts.logger?.error('job failed', { job: job.name, error: message(err) });
      return this.report({ job: job.name, outcome: 'error', durationMs: elapsed(), error: message(err) });
    }
  }

  private report(outcome: JobOutcome): JobOutcome {
    try {
      this.opts.onOutcome?.(outcome);
    } catch (err) {
      this.opts.logger?.warn('job outcome hook failed', { job: outcome.job, error: message(err) });
    }
    return outcome;
  }
}
