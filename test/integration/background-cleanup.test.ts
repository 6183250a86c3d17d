/**
 * The background_cleanup job on a real CouchDB-compatible server: medic docs are written and deleted
 * directly, their infodocs written into the sentinel db, then the job follows the medic feed.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { createLogger } from '../../lib/log';
import { createLookups } from '../../lib/runner/lookups';
import { ChangesSource } from '../../lib/feed/changes-source';
import type { Doc } from '../../lib/types';
import { JOBS } from '../../schedules';
import type { Db } from '../../lib/couch/client';
import type { JobContext } from '../../schedules/job';
import {
  BACKGROUND_SEQ_ID,
  CHT_BACKGROUND_SEQ_ID,
  createBackgroundCleanupJob,
  type BackgroundCleanupSummary,
} from '../../schedules/background-cleanup';

describe('background_cleanup job', () => {
  let f: EngineFixture;
  const extraDbs: string[] = [];
  const silent = createLogger({ silent: true });
  const ctx = (over: Partial<JobContext> = {}): JobContext => ({ couch: f.couch, config: f.engine.config, lookups: createLookups(f.couch), logger: silent, ...over });

  const info = (id: string): Doc => ({ _id: `${id}-info`, type: 'info', doc_id: id, transitions: {} });
  /** medic docs with their sentinel infodocs */
  const seed = async (ids: string[]) => {
    await f.couch.medic.bulk({ docs: ids.map((id) => ({ _id: id, type: 'data_record', form: 'X' })) });
    await f.couch.sentinel.bulk({ docs: ids.map(info) });
  };
  const remove = async (db: Db, ids: string[]) => {
    for (const id of ids) {
      const doc = await db.get(id);
      await db.destroy(id, doc._rev);
    }
  };
  const existing = async (db: Db, ids: string[]) => {
    const res = await db.fetchRevs({ keys: ids });
    return (res.rows as any[]).filter((r) => !r.error && !r.value?.deleted).map((r) => r.key as string);
  };
  const checkpoint = async () => ((await f.couch.sentinel.get(BACKGROUND_SEQ_ID)) as any).value as string;
  const updateSeq = () => new ChangesSource(f.couch.serverUrl, f.couch.medicName).updateSeq();

  beforeEach(async () => {
    f = await engineFixture({});
  });
  afterEach(async () => {
    for (const name of extraDbs.splice(0)) await f.server.destroyDb(name);
    await f.cleanup();
  });
  afterAll(async () => f && (await f.server.stop()));

  it('deletes the infodocs of deleted docs only, and checkpoints', async () => {
    await seed(['keep', 'gone1', 'gone2']);
    await remove(f.couch.medic, ['gone1', 'gone2']);
    const summary = (await createBackgroundCleanupJob().run(ctx())) as BackgroundCleanupSummary;
    expect(summary).toMatchObject({ batches: 1, deleted_docs: 2, infodocs: 2, legacy_infodocs: 0 });
    expect(await existing(f.couch.sentinel, ['keep-info', 'gone1-info', 'gone2-info'])).toEqual(['keep-info']);
    expect(await checkpoint()).toBe(await updateSeq());

    // caught up: the next run reads nothing old
    await seed(['later']);
    await remove(f.couch.medic, ['later']);
    expect(await createBackgroundCleanupJob().run(ctx())).toMatchObject({ batches: 1, changes: 1, infodocs: 1 });
  });

  it('goes through the feed in batches, checkpointing each, until caught up', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `doc${i}`);
    await seed(ids);
    await remove(f.couch.medic, ids);
    const summary = (await createBackgroundCleanupJob({ batchSize: 3 }).run(ctx())) as BackgroundCleanupSummary;
    expect(summary).toMatchObject({ deleted_docs: 7, infodocs: 7 });
    expect(summary.batches).toBeGreaterThanOrEqual(3);
    expect(await existing(f.couch.sentinel, ids.map((id) => `${id}-info`))).toEqual([]);
    expect(await checkpoint()).toBe(await updateSeq());
  });

  it('deletes legacy infodocs in the medic db, and nothing that only looks like one', async () => {
    await seed(['old', 'other']);
    await f.couch.medic.bulk({ docs: [info('old'), { _id: 'other-info', type: 'data_record', form: 'INFO' }] });
    await remove(f.couch.medic, ['old', 'other']);
    const summary = (await createBackgroundCleanupJob().run(ctx())) as BackgroundCleanupSummary;
    expect(summary).toMatchObject({ infodocs: 2, legacy_infodocs: 1 });
    expect(await existing(f.couch.medic, ['old-info', 'other-info'])).toEqual(['other-info']);
  });

  it("deletes CHT's read receipts of deleted docs from the per-user dbs", async () => {
    const userDb = `${f.couch.medicName}-user-ana-meta`;
    const otherDb = `${f.couch.medicName}x-user-bo-meta`;
    for (const name of [userDb, otherDb]) {
      await f.server.createDb(name);
      extraDbs.push(name);
    }
    const receipts = ['read:report:r1', 'read:message:m1', 'read:report:kept'];
    await f.couch.server.use(userDb).bulk({ docs: receipts.map((_id) => ({ _id })) });
    await f.couch.server.use(otherDb).bulk({ docs: [{ _id: 'read:report:r1' }] });
    await seed(['r1', 'm1', 'kept']);
    await remove(f.couch.medic, ['r1', 'm1']);
    const summary = (await createBackgroundCleanupJob().run(ctx())) as BackgroundCleanupSummary;
    expect(summary).toMatchObject({ read_receipts: 2 });
    expect(await existing(f.couch.server.use(userDb), receipts)).toEqual(['read:report:kept']);
    // another medic db's user dbs are not ours
    expect(await existing(f.couch.server.use(otherDb), ['read:report:r1'])).toEqual(['read:report:r1']);
  });

  it('keeps the infodoc of a doc re-created after the batch that shows its deletion was read', async () => {
    await seed(['back', 'gone']);
    await remove(f.couch.medic, ['back', 'gone']);
    // the batch is read, then (before the job deletes anything) `back` is written again and transitioned
    const changes = (couch: EngineFixture['couch']) => {
      const real = new ChangesSource(couch.serverUrl, couch.medicName);
      return {
        async fetch(since: string, limit: number, opts?: { signal?: AbortSignal }) {
          const batch = await real.fetch(since, limit, opts);
          if (batch.results.some((c) => c.id === 'back' && c.deleted)) await f.couch.medic.insert({ _id: 'back', type: 'data_record', form: 'X' } as any);
          return batch;
        },
      };
    };
    const summary = (await createBackgroundCleanupJob({ changes }).run(ctx())) as BackgroundCleanupSummary;
    expect(summary).toMatchObject({ deleted_docs: 1, infodocs: 1 });
    expect(await existing(f.couch.sentinel, ['back-info', 'gone-info'])).toEqual(['back-info']);
  });

  it("starts from CHT's checkpoint when vigil has none", async () => {
    await seed(['before', 'after']);
    await remove(f.couch.medic, ['before']);
    const chtSeq = await updateSeq();
    await f.couch.sentinel.insert({ _id: CHT_BACKGROUND_SEQ_ID, value: chtSeq } as any);
    await remove(f.couch.medic, ['after']);
    const summary = (await createBackgroundCleanupJob().run(ctx())) as BackgroundCleanupSummary;
    expect(summary).toMatchObject({ deleted_docs: 1, infodocs: 1 });
    expect(await existing(f.couch.sentinel, ['before-info', 'after-info'])).toEqual(['before-info']);
    // CHT's own checkpoint is left as it was; vigil's is its own
    expect(((await f.couch.sentinel.get(CHT_BACKGROUND_SEQ_ID)) as any).value).toBe(chtSeq);
    expect(await checkpoint()).toBe(await updateSeq());
  });

  it('is registered, lease-guarded', async () => {
    expect(JOBS.background_cleanup.name).toBe('background_cleanup');
    await seed(['x']);
    await remove(f.couch.medic, ['x']);
    await JOBS.background_cleanup.run(ctx());
    expect(await existing(f.couch.sentinel, ['x-info'])).toEqual([]);
    expect(await f.couch.sentinel.get('vigil:lease:background_cleanup')).toMatchObject({ released_at: expect.any(String) });
  });
});
