/** KeyBatcher: concurrent keyed reads merged into few bulk reads, each caller getting its own keys. */
import { KeyBatcher } from '../../../lib/runner/key-batcher';

function deferredReader() {
  const calls: Array<{ keys: string[]; release: () => void }> = [];
  const read = (keys: string[]) =>
    new Promise<Map<string, string>>((resolve) => {
      calls.push({ keys: [...keys].sort(), release: () => resolve(new Map(keys.filter((k) => !k.startsWith('missing')).map((k) => [k, `v:${k}`]))) });
    });
  return { calls, read };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyBatcher', () => {
  it('merges the keys of callers in the same tick into one read', async () => {
    const { calls, read } = deferredReader();
    const batcher = new KeyBatcher(read);
    const a = batcher.load(['a', 'b']);
    const b = batcher.load(['b', 'c', 'missing1']);
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([['a', 'b', 'c', 'missing1']]);
    calls[0].release();
    expect([...(await a)]).toEqual([['a', 'v:a'], ['b', 'v:b']]);
    expect([...(await b)]).toEqual([['b', 'v:b'], ['c', 'v:c']]);
  });

  it('queues callers while a read is in flight and sends them together next, never sharing the earlier read', async () => {
    const { calls, read } = deferredReader();
    const batcher = new KeyBatcher(read);
    const first = batcher.load(['a']);
    await tick();
    const later = [batcher.load(['a']), batcher.load(['b']), batcher.load(['c'])];
    await tick();
    expect(calls).toHaveLength(1); // one in flight at a time
    calls[0].release();
    await first;
    await tick();
    // 'a' asked again after the first read started: read again, with the others
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['a', 'b', 'c']]);
    calls[1].release();
    expect((await Promise.all(later)).map((m) => [...m.keys()])).toEqual([['a'], ['b'], ['c']]);
    expect(batcher.reads).toBe(2);
  });

  it('fails every caller of a failed read, and reads again for the next ones', async () => {
    let fail = true;
    const batcher = new KeyBatcher(async (keys) => {
      if (fail) throw new Error('down');
      return new Map(keys.map((k) => [k, k]));
    });
    await expect(Promise.all([batcher.load(['a']), batcher.load(['b'])])).rejects.toThrow('down');
    fail = false;
    await expect(batcher.load(['a'])).resolves.toEqual(new Map([['a', 'a']]));
  });

  it('answers an empty request without reading', async () => {
    const read = jest.fn();
    await expect(new KeyBatcher(read).load([])).resolves.toEqual(new Map());
    expect(read).not.toHaveBeenCalled();
  });
});
