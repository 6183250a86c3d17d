import { backoffDelay, isPermanent, PermanentError, RetryableError } from '../../../lib/util/backoff';
import { partitionOf, parsePartition } from '../../../lib/feed/partition';
import { selectTargets, touchesConfig } from '../../../lib/feed/filter-changes';
import { authorise } from '../../../lib/feed/changes-source';

const change = (id: string, seq: string, extra: object = {}) => ({ id, seq, changes: [{ rev: '1-a' }], ...extra });

describe('backoffDelay', () => {
  it('grows exponentially and is capped', () => {
    const noJitter = { baseMs: 100, maxMs: 1000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, noJitter))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('randomises only the jitter share', () => {
    const opts = { baseMs: 1000, maxMs: 10_000, jitter: 0.5 };
    expect(backoffDelay(0, opts, () => 0)).toBe(500);
    expect(backoffDelay(0, opts, () => 1)).toBe(1000);
  });
});

describe('isPermanent', () => {
  it('classifies by type and HTTP status', () => {
    expect(isPermanent(new PermanentError('x'))).toBe(true);
    expect(isPermanent(new RetryableError('x'))).toBe(false);
    expect(isPermanent({ statusCode: 403 })).toBe(true);
    expect(isPermanent({ statusCode: 409 })).toBe(false);
    expect(isPermanent({ statusCode: 503 })).toBe(false);
  });
});

describe('partitions', () => {
  it('are stable and spread ids', () => {
    expect(partitionOf('abc', 3)).toBe(partitionOf('abc', 3));
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[partitionOf(`doc-${i}`, 3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
  it('parse i/n and reject nonsense', () => {
    expect(parsePartition('1/3')).toEqual({ index: 1, count: 3 });
    expect(() => parsePartition('3/3')).toThrow(/0 <= i < n/);
    expect(() => parsePartition('x')).toThrow(/i\/n/);
  });
});

describe('selectTargets', () => {
  it('skips design docs, tombstones and deletions, and keeps one run per id at its latest seq', () => {
    const { targets, skipped } = selectTargets([
      change('_design/vigil', '1'),
      change('a', '2'),
      change('b', '3', { deleted: true }),
      change('x____1-a____tombstone', '4'),
      change('a', '5'),
      change('c-info', '6'),
    ]);
    expect(targets).toEqual([
      { id: 'a', seq: '5' },
      { id: 'c-info', seq: '6' },
    ]);
    expect(skipped).toBe(4);
  });
  it('keeps only the partition it owns', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `d${i}`);
    const all = [0, 1].flatMap((index) => selectTargets(ids.map((id, i) => change(id, String(i))), { index, count: 2 }).targets.map((t) => t.id));
    expect(all.sort()).toEqual([...ids].sort());
  });
  it('notices configuration changes', () => {
    expect(touchesConfig([change('settings', '1')])).toBe(true);
    expect(touchesConfig([change('messages-en', '1')])).toBe(true);
    expect(touchesConfig([change('report', '1')])).toBe(false);
  });
});

describe('authorise', () => {
  it('moves URL credentials into a basic auth header', () => {
    const { base, headers } = authorise('http://admin:s%40cret@localhost:5984/');
    expect(base).toBe('http://localhost:5984');
    expect(Buffer.from(headers.authorization.replace('Basic ', ''), 'base64').toString()).toBe('admin:s@cret');
  });
});
