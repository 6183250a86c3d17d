/**
 * When a failed push is tried again, and when vigil gives up on it (CHT retries every tick, forever).
 * Pure functions: the job passes the time and the randomness in.
 */
import { backoffDelay } from '../util/backoff';
import type { OutboundConfig } from './config';

export interface RetryPolicy {
  /** attempts (the first push included) before the key is dead-lettered */
  maxAttempts: number;
  /** delay after the second failure (the first retries at the next run); doubles with each further failure */
  baseMs: number;
  maxMs: number;
  /** 0..1, the randomised share of each delay, so failing pushes do not retry in lockstep */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseMs: 60_000, maxMs: 6 * 3600_000, jitter: 0.3 };

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** The policy of one push config: its `retry` settings over the defaults. */
export function retryPolicy(config: OutboundConfig | undefined, defaults: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  const r = config?.retry ?? {};
  const policy = { ...defaults };
  if (positive(r.max_attempts)) policy.maxAttempts = Math.floor(r.max_attempts);
  if (positive(r.initial_delay_seconds)) policy.baseMs = r.initial_delay_seconds * 1000;
  if (positive(r.max_delay_seconds)) policy.maxMs = r.max_delay_seconds * 1000;
  if (policy.maxMs < policy.baseMs) policy.maxMs = policy.baseMs;
  return policy;
}

export type FailureDecision = { deadLetter: true; attempts: number } | { deadLetter: false; attempts: number; nextAttemptMs: number };

/** After a failure: the new attempt count, and either the time of the next attempt or "dead-letter it". */
export function afterFailure(previousAttempts: number, nowMs: number, policy: RetryPolicy, random: () => number = Math.random): FailureDecision {
  const attempts = Math.max(0, previousAttempts) + 1;
  if (attempts >= policy.maxAttempts) return { deadLetter: true, attempts };
  // The first attempt is the push right after the commit (CHT: the inline push); like CHT, its first
  // retry is the next run. Only repeated failures back off.
  const delay = attempts === 1 ? 0 : backoffDelay(attempts - 2, { baseMs: policy.baseMs, maxMs: policy.maxMs, jitter: policy.jitter }, random);
  return { deadLetter: false, attempts, nextAttemptMs: nowMs + delay };
}
