/** mark_for_outbound: relevant configs become outbox effects unless the payload was delivered already. */
import { createExpressions } from '../../../lib/expr';
import { payloadHash } from '../../../lib/outbound/hash';
import type { InfoDoc, TransitionContext } from '../../../lib/types';
import { markForOutbound } from '../../../transitions/mark-for-outbound';

const expressions = createExpressions();
const destination = { base_url: 'http://x', path: '/in' };

function ctx(outbound: unknown, doc: any, info: Partial<InfoDoc> = {}): TransitionContext {
  return {
    doc,
    info: { _id: `${doc._id}-info`, type: 'info', doc_id: doc._id, ...info },
    settings: { outbound },
    expressions,
  } as unknown as TransitionContext;
}

const doc = { _id: 'r1', _rev: '1-a', type: 'data_record', form: 'test' };

describe('mark_for_outbound', () => {
  it('matches every doc while some outbound config exists', () => {
    expect(markForOutbound.filter(ctx({ a: {} }, doc))).toBe(true);
    expect(markForOutbound.filter(ctx({}, doc))).toBe(false);
    expect(markForOutbound.filter(ctx(undefined, doc))).toBe(false);
  });

  it('queues every relevant config, in config order, without changing the doc', async () => {
    const outbound = {
      first: { relevant_to: "doc.form === 'test'", destination, mapping: { id: 'doc._id' } },
      other: { relevant_to: "doc.form === 'other'", destination, mapping: { id: 'doc._id' } },
      noRelevantTo: { destination, mapping: { id: 'doc._id' } },
      second: { relevant_to: 'true', destination, mapping: { id: 'doc.nope' } },
    };
    const c = ctx(outbound, structuredClone(doc));
    const res = await markForOutbound.onMatch(c);
    expect(res).toEqual({
      changed: false,
      effects: [
        { kind: 'outbound', name: 'first', docId: 'r1' },
        { kind: 'outbound', name: 'second', docId: 'r1' },
      ],
    });
    expect(c.doc).toEqual(doc);
  });

  it('skips a config whose LAST delivered payload is the same', async () => {
    const outbound = { a: { relevant_to: 'true', destination, mapping: { id: 'doc._id', form: 'doc.form' } } };
    const same = payloadHash({ id: 'r1', form: 'test' });
    const older = payloadHash({ id: 'r1', form: 'old' });
    const entry = (hash: string) => ({ type: 'outbound' as const, name: 'a', timestamp: 1, hash });
    expect((await markForOutbound.onMatch(ctx(outbound, doc, { completed_tasks: [entry(older), entry(same)] }))).effects).toEqual([]);
    expect((await markForOutbound.onMatch(ctx(outbound, doc, { completed_tasks: [entry(same), entry(older)] }))).effects).toHaveLength(1);
  });

  it('rejects as a whole when any relevant_to throws', async () => {
    const outbound = { ok: { relevant_to: 'true', destination, mapping: {} }, bad: { relevant_to: 'doc.nope.deeper' } };
    await expect(markForOutbound.onMatch(ctx(outbound, doc))).rejects.toThrow();
  });
});
