/**
 * The duplicate-message limiter (spec 5.8): counts identical messages (same recipient and text) in a
 * 30-minute sliding window; past the limit a new immediate message is a `duplicate` and never sent.
 * CHT keeps the counters in process memory only; vigil's guard can be rebuilt from stored tasks with
 * `seed` after a restart.
 */
import type { Settings } from '../types';

export const DUPLICATE_WINDOW_MS = 30 * 60 * 1000;
export const DEFAULT_DUPLICATE_LIMIT = 5;
export const MAX_DUPLICATE_LIMIT = 20;
/** expired keys are purged lazily, at a check, once at least this many keys exist */
export const DUPLICATE_PURGE_THRESHOLD = 1000;

/**
 * `settings.sms.duplicate_limit` when truthy, numeric and > 0, `parseInt`ed and capped at 20
 * (so `0.5` gives 0: every message is a duplicate, as in CHT); otherwise 5.
 */
export function duplicateLimit(settings: Settings): number {
  const configured = settings.sms ? settings.sms.duplicate_limit : undefined;
  if (configured && !Number.isNaN(Number(configured)) && Number(configured) > 0) {
    return Math.min(parseInt(String(configured), 10), MAX_DUPLICATE_LIMIT);
  }
  return DEFAULT_DUPLICATE_LIMIT;
}

/** The counter key of a message: `"<to>-<text>"` (a missing part prints as `undefined`). */
export function duplicateKey(to: unknown, message: unknown): string {
  return `${to}-${message}`;
}

export interface DuplicateGuardOptions {
  /** default limit when `hit` is not given one */
  limit?: number | (() => number);
  windowMs?: number;
  purgeThreshold?: number;
}

interface Counter {
  count: number;
  /** epoch ms of the last counted message */
  last: number;
}

export interface DuplicateSeedEntry {
  key: string;
  /** when the message was created: epoch ms or an ISO string */
  timestamp: number | string;
}

export class DuplicateGuard {
  private readonly counters = new Map<string, Counter>();
  private readonly limitSource: () => number;
  private readonly windowMs: number;
  private readonly purgeThreshold: number;

  constructor(options: DuplicateGuardOptions = {}) {
    const { limit = DEFAULT_DUPLICATE_LIMIT } = options;
    this.limitSource = typeof limit === 'function' ? limit : () => limit;
    this.windowMs = options.windowMs ?? DUPLICATE_WINDOW_MS;
    this.purgeThreshold = options.purgeThreshold ?? DUPLICATE_PURGE_THRESHOLD;
  }

  /**
   * Counts one message for `key` at `nowMs` (a counter idle for the whole window starts again) and
   * returns whether it is a duplicate, i.e. the count now exceeds the limit.
   */
  hit(key: string, nowMs: number, limit: number = this.limitSource()): boolean {
    this.purge(nowMs);
    const count = this.live(key, nowMs) + 1;
    this.counters.set(key, { count, last: nowMs });
    return count > limit;
  }

  /** The live count for `key` at `nowMs` (0 when unknown or expired). Does not count anything. */
  count(key: string, nowMs: number): number {
    return this.live(key, nowMs);
  }

  /**
   * Replays past counted messages (e.g. the immediate tasks created in the last 30 minutes, read back
   * from the database after a restart), oldest first, with the same sliding-window rule as `hit`.
   */
  seed(entries: Iterable<DuplicateSeedEntry>): void {
    const replay: Array<{ key: string; ms: number }> = [];
    for (const entry of entries) {
      const ms = typeof entry.timestamp === 'number' ? entry.timestamp : Date.parse(entry.timestamp);
      if (entry && typeof entry.key === 'string' && Number.isFinite(ms)) replay.push({ key: entry.key, ms });
    }
    replay.sort((a, b) => a.ms - b.ms);
    for (const { key, ms } of replay) {
      const counter = this.counters.get(key);
      const alive = counter && ms - counter.last < this.windowMs;
      this.counters.set(key, {
        count: alive ? counter.count + 1 : 1,
        last: counter ? Math.max(counter.last, ms) : ms,
      });
    }
  }

  /** Number of keys held (expired ones included until purged). */
  get size(): number {
    return this.counters.size;
  }

  clear(): void {
    this.counters.clear();
  }

  private live(key: string, nowMs: number): number {
    const counter = this.counters.get(key);
    if (!counter) return 0;
    if (nowMs - counter.last >= this.windowMs) {
      this.counters.delete(key);
      return 0;
    }
    return counter.count;
  }

  private purge(nowMs: number): void {
    if (this.counters.size < this.purgeThreshold) return;
    for (const [key, counter] of this.counters) {
      if (nowMs - counter.last >= this.windowMs) this.counters.delete(key);
    }
  }
}
