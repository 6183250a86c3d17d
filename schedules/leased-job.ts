/**
 * A job that only runs while holding its lease (lease.ts), whoever starts it: the scheduler
 * (`trigger: 'schedule'`: gives way at once, the tick is counted as busy) or `engine.runJob` /
 * `vigil jobs run` (`manual`, the default: waits up to `leaseWaitMs`, then fails with a clear message).
 */
import { systemClock } from '../lib/time/clock';
import type { Job, JobContext } from './job';
import { newHolderId, withLease } from './lease';
import { DEFAULT_LEASE_TTL_MS } from './lease-rules';

export const DEFAULT_LEASE_WAIT_MS = 15_000;

export interface LeasedOptions {
  ttlMs?: number;
  pollMs?: number;
}

export function leased(job: Job, opts: LeasedOptions = {}): Job {
  return {
    name: job.name,
    everyMs: job.everyMs,
    run(ctx: JobContext) {
      const manual = (ctx.trigger ?? 'manual') === 'manual';
      return withLease(
        ctx.couch.sentinel,
        job.name,
        {
          holder: ctx.holder ?? newHolderId(),
          clock: ctx.leaseClock ?? systemClock('UTC'),
          ttlMs: opts.ttlMs ?? DEFAULT_LEASE_TTL_MS,
          pollMs: opts.pollMs,
          waitMs: manual ? (ctx.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS) : 0,
          signal: ctx.signal,
          logger: ctx.logger,
        },
        (signal) => job.run({ ...ctx, signal }),
      );
    },
  };
}
