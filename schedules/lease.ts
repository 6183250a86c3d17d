/**
 * Job leases in the sentinel db (the rules are in lease-rules.ts): take, renew while running, release.
 * Every write carries the `_rev` it read, so of two processes racing for a lease exactly one wins
 * (the other gets a 409 and treats the lease as held).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'winston';
import type { Db } from '../lib/couch/client';
import { statusOf } from '../lib/couch/client';
import type { Clock } from '../lib/types';
import { sleep } from '../lib/util/backoff';
import {
  DEFAULT_LEASE_TTL_MS,
  isLeaseFree,
  leaseId,
  releaseLease,
  renewIntervalMs,
  renewLease,
  takeLease,
  type LeaseDoc,
} from './lease-rules';

/** Another holder has the job: a scheduled tick skips, a manual run reports it. */
export class LeaseBusyError extends Error {
  override readonly name = 'LeaseBusyError';
  constructor(
    readonly job: string,
    readonly heldBy?: string,
    readonly expiresAt?: string,
  ) {
    super(
      `job "${job}" is already running${heldBy ? ` (lease held by ${heldBy}` : ' (lease held'}${expiresAt ? ` until ${expiresAt})` : ')'}; ` +
        'try again when it has finished',
    );
  }
}

/** A fresh holder id: which host and process holds a lease, unique per run. */
export function newHolderId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

export interface Lease {
  job: string;
  holder: string;
  /** the last version written (its `_rev` is the one to update) */
  doc: LeaseDoc;
}

async function readLease(db: Db, job: string): Promise<LeaseDoc | undefined> {
  try {
    return (await db.get(leaseId(job))) as LeaseDoc;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Writes `doc`; the new version, or undefined on a conflict (someone else wrote first). */
async function write(db: Db, doc: LeaseDoc): Promise<LeaseDoc | undefined> {
  try {
    const res = await db.insert(doc);
    return { ...doc, _rev: res.rev };
  } catch (err) {
    if (statusOf(err) === 409) return undefined;
    throw err;
  }
}

/** One attempt: the lease, or the current holder's doc when it is held. */
export async function tryAcquire(db: Db, job: string, holder: string, clock: Clock, ttlMs = DEFAULT_LEASE_TTL_MS): Promise<Lease | { held: LeaseDoc | undefined }> {
  const current = await readLease(db, job);
  if (!isLeaseFree(current, clock.nowMs())) return { held: current };
  const taken = await write(db, takeLease(job, holder, clock.nowMs(), ttlMs, current));
  if (taken) return { job, holder, doc: taken };
  return { held: await readLease(db, job) };
}

/** Extends the lease; false when it was lost (taken over after expiring, or released by someone else). */
export async function renew(db: Db, lease: Lease, clock: Clock, ttlMs = DEFAULT_LEASE_TTL_MS): Promise<boolean> {
  const next = renewLease(lease.doc, lease.holder, clock.nowMs(), ttlMs);
  const written = next && (await write(db, next));
  if (!written) return false;
  lease.doc = written;
  return true;
}

/** Lets go (best effort: a lease somebody else took over is left alone). */
export async function release(db: Db, lease: Lease, clock: Clock): Promise<void> {
  const next = releaseLease(lease.doc, lease.holder, clock.nowMs());
  if (next) await write(db, next);
}

export interface HoldOptions {
  holder: string;
  clock: Clock;
  ttlMs?: number;
  /** how long to wait for a busy lease; 0 = fail at once */
  waitMs?: number;
  /** poll interval while waiting (default 250 ms) */
  pollMs?: number;
  /** aborting stops the waiting and is passed on to the work */
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Runs `work` while holding the job's lease: takes it (waiting up to `waitMs` for a busy one, else throws
 * LeaseBusyError), renews it every ttl/3, releases it afterwards. The signal given to `work` aborts when the
 * outer signal does or the lease is lost, so a job that lost its lease stops at its next checkpoint.
 */
export async function withLease<T>(db: Db, job: string, opts: HoldOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const pollMs = Math.max(1, opts.pollMs ?? 250);
  // waiting is counted in polls, not read from the lease clock (a test clock may stand still)
  const retries = Math.ceil(Math.max(0, opts.waitMs ?? 0) / pollMs);
  let lease: Lease | undefined;
  for (let attempt = 0; ; attempt++) {
    const res = await tryAcquire(db, job, opts.holder, opts.clock, ttlMs);
    if ('doc' in res) {
      lease = res;
      break;
    }
    if (attempt >= retries || opts.signal?.aborted) throw new LeaseBusyError(job, res.held?.holder, res.held?.expires_at);
    await sleep(pollMs, opts.signal);
  }

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  // renewals run one at a time; `renewing` is awaited before the release so they never cross
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      if (controller.signal.aborted) return;
      try {
        if (!(await renew(db, lease!, opts.clock, ttlMs))) {
          opts.logger?.error('job lease lost: another process took it over; stopping this run', { job, holder: opts.holder });
          controller.abort(new LeaseBusyError(job));
        }
      } catch (err) {
        // a failed renewal is retried at the next interval; the lease only lapses after ttl
        opts.logger?.warn('job lease renewal failed', { job, error: String((err as Error)?.message ?? err) });
      }
    });
  }, renewIntervalMs(ttlMs));
  timer.unref?.();
  try {
    return await work(controller.signal);
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
    await renewing;
    try {
      await release(db, lease, opts.clock);
    } catch (err) {
      opts.logger?.warn('job lease release failed (it expires by itself)', { job, error: String((err as Error)?.message ?? err) });
    }
  }
}
