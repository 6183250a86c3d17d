/**
 * Job leases as data (pure): `vigil:lease:<job>` in the sentinel db says which process runs a job until
 * when, so two vigil processes never run the same job at once. A lease is free when absent, released,
 * or expired; its holder renews it while running and releases it after. The doc is kept (not deleted)
 * on release, so taking it again is an update with a known `_rev` and a lost race is a plain 409.
 */
import type { Doc } from '../lib/types';

export const LEASE_PREFIX = 'vigil:lease:';

/** Default time-to-live; the holder renews every third of it, so a crashed holder blocks at most this long. */
export const DEFAULT_LEASE_TTL_MS = 60_000;

export interface LeaseDoc extends Doc {
  type: 'vigil_lease';
  job: string;
  holder: string;
  acquired_at: string;
  renewed_at: string;
  expires_at: string;
  /** set when the holder let go; the lease is then free whatever `expires_at` says */
  released_at?: string;
}

export function leaseId(job: string): string {
  return `${LEASE_PREFIX}${job}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Free = nobody holds it now. An unreadable `expires_at` counts as expired (a broken lease must not block forever). */
export function isLeaseFree(doc: Partial<LeaseDoc> | undefined, nowMs: number): boolean {
  if (!doc || doc._deleted || doc.released_at) return true;
  const expires = typeof doc.expires_at === 'string' ? Date.parse(doc.expires_at) : NaN;
  return !Number.isFinite(expires) || expires <= nowMs;
}

/** The body that takes the lease (keeps the previous `_rev`, so the write fails if someone was faster). */
export function takeLease(job: string, holder: string, nowMs: number, ttlMs: number, previous?: Doc): LeaseDoc {
  const doc: LeaseDoc = {
    _id: leaseId(job),
    type: 'vigil_lease',
    job,
    holder,
    acquired_at: iso(nowMs),
    renewed_at: iso(nowMs),
    expires_at: iso(nowMs + ttlMs),
  };
  if (previous?._rev) doc._rev = previous._rev;
  return doc;
}

/** The renewed body, or undefined when `holder` does not hold it any more. */
export function renewLease(doc: LeaseDoc, holder: string, nowMs: number, ttlMs: number): LeaseDoc | undefined {
  if (doc.holder !== holder || doc.released_at) return undefined;
  return { ...doc, renewed_at: iso(nowMs), expires_at: iso(nowMs + ttlMs) };
}

/** The released body, or undefined when `holder` does not hold it. */
export function releaseLease(doc: LeaseDoc, holder: string, nowMs: number): LeaseDoc | undefined {
  if (doc.holder !== holder || doc.released_at) return undefined;
  return { ...doc, released_at: iso(nowMs), expires_at: iso(nowMs) };
}

/** How often a holder renews: a third of the ttl, so two renewals may fail before the lease lapses. */
export function renewIntervalMs(ttlMs: number): number {
  return Math.max(100, Math.floor(ttlMs / 3));
}
