/**
 * The lookups cache after effects: a doc an effect created or updated is read fresh by the next batch,
 * although its own change is still far behind in the feed (and even when an earlier read found it missing).
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { registerUpdateOp } from '../../lib/runner/update-ops';
import type { Transition } from '../../lib/types';

registerUpdateOp('test:bump', (doc) => ({ ...doc, n: (doc.n ?? 0) + 1 }));

/** r1 bumps `counter` and creates `made`; later reports record what they read of both. */
const reader: Transition = {
  name: 'update_sent_by',
  sections: [],
  filter: ({ doc }) => doc.type === 'data_record' && doc.seen === undefined,
  onMatch: async ({ doc, lookups }) => {
    const counter = await lookups.getDoc('counter');
    const made = await lookups.getDoc('made');
    doc.seen = { n: counter?.n, made: !!made };
    const effects = doc._id === 'r1' ? [{ kind: 'update' as const, id: 'counter', op: 'test:bump' }, { kind: 'create' as const, doc: { _id: 'made', type: 'thing' } }] : [];
    return { changed: true, effects };
  },
};

describe('lookups cache and effects', () => {
  let f: EngineFixture;
  afterEach(async () => {
    await f?.cleanup();
    await f?.server.stop();
  });

  it('reads docs written by the previous batch\'s effects fresh', async () => {
    f = await engineFixture({ transitions: { update_sent_by: true } }, { transitions: [reader] });
    await f.couch.medic.insert({ _id: 'counter', type: 'thing', n: 0 } as any);
    await f.engine.markCaughtUp();
    // both reports are in the feed before the counter's update and `made`'s creation will be
    await f.couch.medic.bulk({ docs: [{ _id: 'r1', type: 'data_record' }, { _id: 'r2', type: 'data_record' }] });
    const engine = f.newEngine({ transitions: [reader], batchSize: 1 });
    await engine.init();
    await engine.drain();
    expect((await f.couch.medic.get('r1')).seen).toEqual({ n: 0, made: false });
    expect((await f.couch.medic.get('r2')).seen).toEqual({ n: 1, made: true });
  });
});
