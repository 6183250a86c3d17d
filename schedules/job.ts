/** A scheduled job: runs once per tick (or on demand with `vigil jobs run NAME`). */
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import type { Clock, Lookups } from '../lib/types';
import type { ConfigSnapshot } from '../lib/runner/snapshot';

/** How a run was started: a scheduled tick gives way to another process; a manual run waits briefly for it. */
export type JobTrigger = 'schedule' | 'manual';

export interface JobContext {
  couch: Couch;
  config: ConfigSnapshot;
  lookups: Lookups;
  logger: Logger;
  /** default `manual` (what `engine.runJob` does) */
  trigger?: JobTrigger;
  /** aborted when the scheduler stops or the job's lease is lost: long jobs stop between pages */
  signal?: AbortSignal;
  /** wall clock for leases (default: the system clock). Never the synthetic_date clock: leases must expire. */
  leaseClock?: Clock;
  /** lease holder id (default: host/pid/random, one per run) */
  holder?: string;
  /** how long a manual run waits for another holder's lease (default 15 s) */
  leaseWaitMs?: number;
}

/** What a run reports (logged by the scheduler); jobs may return nothing. */
export type JobSummary = Record<string, number | string | boolean>;

export interface Job {
  name: string;
  /** default interval between scheduled runs (settings `vigil.jobs.<name>.every` overrides it) */
  everyMs: number;
  run(ctx: JobContext): Promise<JobSummary | void>;
}
