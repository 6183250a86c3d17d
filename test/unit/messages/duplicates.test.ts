import {
  DUPLICATE_WINDOW_MS,
  DuplicateGuard,
  duplicateKey,
  duplicateLimit,
} from '../../../lib/messages/duplicates';

const MIN = 60 * 1000;

describe('duplicateLimit (5.8)', () => {
  it.each([
    [undefined, 5],
    [{}, 5],
    [{ duplicate_limit: 2 }, 2],
    [{ duplicate_limit: '3' }, 3],
    [{ duplicate_limit: 50 }, 20],
    [{ duplicate_limit: 0 }, 5],
    [{ duplicate_limit: -1 }, 5],
    [{ duplicate_limit: 'abc' }, 5],
    [{ duplicate_limit: 0.5 }, 0],
    [{ duplicate_limit: '7.9' }, 7],
  ])('sms %j → %d', (sms, limit) => {
    expect(duplicateLimit(sms === undefined ? {} : { sms })).toBe(limit);
  });
});

describe('DuplicateGuard', () => {
  const key = duplicateKey('+254712345678', 'Hello');

  it('builds keys as "<to>-<text>"', () => {
    expect(key).toBe('+254712345678-Hello');
    expect(duplicateKey('+1', undefined)).toBe('+1-undefined');
  });

  it('with the default limit the 6th identical message is the first duplicate', () => {
    const guard = new DuplicateGuard();
    const results = Array.from({ length: 7 }, (_, i) => guard.hit(key, i * MIN));
    expect(results).toEqual([false, false, false, false, false, true, true]);
    expect(guard.hit('other', 7 * MIN)).toBe(false);
  });

  it('uses the limit passed to hit, else the configured one', () => {
    const guard = new DuplicateGuard({ limit: () => 1 });
    expect(guard.hit(key, 0)).toBe(false);
    expect(guard.hit(key, 1)).toBe(true);
    expect(guard.hit('k2', 0, 0)).toBe(true);
  });

  it('is a sliding window: each message refreshes the 30 minutes', () => {
    const guard = new DuplicateGuard();
    // 6 messages 20 minutes apart: the entry never idles for 30 minutes
    const results = Array.from({ length: 6 }, (_, i) => guard.hit(key, i * 20 * MIN));
    expect(results[5]).toBe(true);
  });

  it('starts again after 30 idle minutes (exactly 30 counts as expired)', () => {
    const guard = new DuplicateGuard();
    for (let i = 0; i < 5; i++) guard.hit(key, i);
    expect(guard.count(key, 4 + DUPLICATE_WINDOW_MS - 1)).toBe(5);
    expect(guard.hit(key, 4 + DUPLICATE_WINDOW_MS)).toBe(false);
    expect(guard.count(key, 4 + DUPLICATE_WINDOW_MS)).toBe(1);
  });

  it('purges expired keys lazily, only once the threshold is reached', () => {
    const guard = new DuplicateGuard({ purgeThreshold: 3 });
    guard.hit('a', 0);
    guard.hit('b', 0);
    guard.hit('c', DUPLICATE_WINDOW_MS * 2); // 2 keys at check time: no purge
    expect(guard.size).toBe(3);
    guard.hit('d', DUPLICATE_WINDOW_MS * 2); // 3 keys: a and b are purged
    expect(guard.size).toBe(2);
  });

  it('can be rebuilt from stored messages after a restart', () => {
    const t = Date.UTC(2024, 4, 1, 10);
    const guard = new DuplicateGuard();
    guard.seed([
      { key, timestamp: new Date(t - 10 * MIN).toISOString() },
      { key, timestamp: t - 25 * MIN },
      { key, timestamp: t - 20 * MIN },
      { key, timestamp: t - 15 * MIN },
      { key, timestamp: t - 70 * MIN }, // before a 30-minute gap: does not count
      { key: 'x', timestamp: 'not a date' },
    ]);
    expect(guard.count(key, t)).toBe(4);
    expect(guard.hit(key, t)).toBe(false); // 5th
    expect(guard.hit(key, t + 1)).toBe(true); // 6th
    expect(guard.count('x', t)).toBe(0);
  });
});
