/** Retry policy as pure functions, so it can be unit-tested without waiting. */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1: the share of the delay that is randomised (full jitter at 1) */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 60_000, jitter: 0.5 };

/** Delay before retry number `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt));
  const jittered = exp * (1 - opts.jitter) + exp * opts.jitter * random();
  return Math.round(Math.min(opts.maxMs, jittered));
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** An error worth retrying (network trouble, 5xx, conflicts). */
export class RetryableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/** An error retrying cannot fix (bad request, forbidden): dead-letter at once. */
export class PermanentError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/** Classifies an HTTP-ish failure: 400/403/413/415 won't get better by retrying. */
export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentError) return true;
  if (err instanceof RetryableError) return false;
  const status = (err as any)?.statusCode ?? (err as any)?.status;
  return status === 400 || status === 403 || status === 413 || status === 415;
}
