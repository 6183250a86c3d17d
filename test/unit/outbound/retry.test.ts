/** afterFailure / retryPolicy: outbound backoff and the dead-letter limit. */
import { afterFailure, DEFAULT_RETRY_POLICY, retryPolicy } from '../../../lib/outbound/retry';

const policy = { maxAttempts: 4, baseMs: 1000, maxMs: 5000, jitter: 0 };

describe('afterFailure', () => {
  it('retries the first failure at the next run, then doubles the delay after each failure, up to the cap', () => {
    const delays = [0, 1, 2, 3].map((prev) => {
      const d = afterFailure(prev, 10_000, { ...policy, maxAttempts: 10 });
      return d.deadLetter ? -1 : d.nextAttemptMs - 10_000;
    });
    expect(delays).toEqual([0, 1000, 2000, 4000]);
    const capped = afterFailure(6, 0, { ...policy, maxAttempts: 10 });
    expect(capped.deadLetter ? -1 : capped.nextAttemptMs).toBe(5000);
  });

  it('counts attempts and dead-letters at the limit', () => {
    expect(afterFailure(0, 0, policy)).toMatchObject({ deadLetter: false, attempts: 1 });
    expect(afterFailure(2, 0, policy)).toMatchObject({ deadLetter: false, attempts: 3 });
    expect(afterFailure(3, 0, policy)).toEqual({ deadLetter: true, attempts: 4 });
  });

  it('jitters within the randomised share of the delay', () => {
    const jittery = { ...policy, jitter: 0.5 };
    const low = afterFailure(1, 0, jittery, () => 0);
    const high = afterFailure(1, 0, jittery, () => 0.999999);
    expect(low.deadLetter ? 0 : low.nextAttemptMs).toBe(500);
    expect(high.deadLetter ? 0 : high.nextAttemptMs).toBe(1000);
  });
});

describe('retryPolicy', () => {
  it("takes the config's retry settings over the defaults", () => {
    expect(retryPolicy({ retry: { max_attempts: 3, initial_delay_seconds: 2, max_delay_seconds: 60 } })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseMs: 2000, maxMs: 60_000 });
    expect(retryPolicy({})).toEqual(DEFAULT_RETRY_POLICY);
    expect(retryPolicy({ retry: { max_attempts: -1, initial_delay_seconds: 'x' as any } })).toEqual(DEFAULT_RETRY_POLICY);
  });
});
