/**
 * applyEffectGroups against a real server: the creates of many docs leave in one `_bulk_docs`, an
 * existing doc counts as created, a create the server refuses fails only the docs that asked for it,
 * and each doc's updates run after every create.
 */
import { getTestCouch, type TestCouch } from '../helpers/couch';
import { connect, type Couch } from '../../lib/couch/client';
import { applyEffectGroups } from '../../lib/runner/effects';
import { registerUpdateOp } from '../../lib/runner/update-ops';

registerUpdateOp('test:groups-tag', (doc, args) => ({ ...doc, tags: [...(doc.tags ?? []), (args as { tag: string }).tag] }));

describe('applyEffectGroups', () => {
  let server: TestCouch;
  let db: string;
  let couch: Couch;

  beforeAll(async () => {
    server = await getTestCouch();
  });
  afterAll(async () => server.stop());
  beforeEach(async () => {
    db = server.uniqueDbName('effect-groups');
    await server.createDb(db);
    await server.createDb(`${db}-sentinel`);
    couch = connect(server.url, db);
  });
  afterEach(async () => {
    await server.destroyDb(db);
    await server.destroyDb(`${db}-sentinel`);
  });

  it('creates for every group in one request, then applies each group\'s updates', async () => {
    await couch.medic.insert({ _id: 'existing', type: 'person', name: 'kept' } as any);
    const posts: string[] = [];
    const medic = couch.medic as any;
    const bulk = medic.bulk.bind(medic);
    const insert = medic.insert.bind(medic);
    medic.bulk = (...args: any[]) => (posts.push('bulk'), bulk(...args));
    medic.insert = (...args: any[]) => (posts.push('insert'), insert(...args));

    const failed = await applyEffectGroups(
      couch,
      [
        // the update comes first in the list but must find the doc created in the same call
        { key: 'r1', effects: [{ kind: 'update', id: 'p1', op: 'test:groups-tag', args: { tag: 'a' } }, { kind: 'create', doc: { _id: 'p1', type: 'person' } }] },
        { key: 'r2', effects: [{ kind: 'create', doc: { _id: 'p2', type: 'person' } }, { kind: 'create', doc: { _id: 'existing', type: 'person', name: 'new' } }] },
        { key: 'r3', effects: [{ kind: 'create', doc: { _id: 'p1', type: 'person' } }, { kind: 'update', id: 'p1', op: 'test:groups-tag', args: { tag: 'b' } }] },
      ],
      new Date().toISOString(),
    );
    expect([...failed.keys()]).toEqual([]);
    expect(posts.filter((p) => p === 'bulk')).toHaveLength(1);
    const p1 = (await couch.medic.get('p1')) as any;
    expect(p1.tags).toEqual(['a', 'b']);
    expect(await couch.medic.get('p2')).toMatchObject({ type: 'person' });
    expect(await couch.medic.get('existing')).toMatchObject({ name: 'kept' }); // a create never overwrites
  });

  it('fails only the groups whose create the server refused', async () => {
    const failed = await applyEffectGroups(
      couch,
      [
        { key: 'good', effects: [{ kind: 'create', doc: { _id: 'ok1', type: 'person' } }] },
        // ids starting with an underscore other than _design/_local are refused by CouchDB
        { key: 'bad', effects: [{ kind: 'create', doc: { _id: '_bogus', type: 'person' } }, { kind: 'update', id: 'ok1', op: 'test:groups-tag', args: { tag: 'x' } }] },
      ],
      new Date().toISOString(),
    );
    expect([...failed.keys()]).toEqual(['bad']);
    const ok1 = (await couch.medic.get('ok1')) as any;
    expect(ok1.tags).toBeUndefined(); // the failed group's later effects did not run
  });
});
