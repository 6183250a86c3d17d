import type { Db } from '../../../lib/couch/client';
import { ManualClock } from '../../../lib/time/clock';
import { LeaseBusyError, tryAcquire, withLease } from '../../../schedules/lease';
import { leaseId } from '../../../schedules/lease-rules';

/** Just enough of a CouchDB db for leases: get, and insert with MVCC (409 on a stale or missing _rev). */
function fakeDb() {
  const docs = new Map<string, any>();
  const err = (statusCode: number) => Object.assign(new Error(String(statusCode)), { statusCode });
  const db = {
    docs,
    async get(id: string) {
      const doc = docs.get(id);
      if (!doc) throw err(404);
      return structuredClone(doc);
    },
    async insert(doc: any) {
      const current = docs.get(doc._id);
      if ((current?._rev ?? undefined) !== doc._rev) throw err(409);
      const gen = current ? Number(current._rev.split('-')[0]) + 1 : 1;
      const rev = `${gen}-x`;
      docs.set(doc._id, { ...structuredClone(doc), _rev: rev });
      return { ok: true, id: doc._id, rev };
    },
  };
  return db as typeof db & Db;
}

const T0 = Date.parse('2025-03-05T10:00:00.000Z');

describe('leases in a db', () => {
  it('lets exactly one of two racing holders take a free lease', async () => {
    const db = fakeDb();
    const clock = new ManualClock(T0);
    const [a, b] = await Promise.all([tryAcquire(db, 'due_tasks', 'a', clock), tryAcquire(db, 'due_tasks', 'b', clock)]);
    const winners = [a, b].filter((r) => 'doc' in r);
    expect(winners).toHaveLength(1);
    const loser = [a, b].find((r) => !('doc' in r)) as { held: any };
    expect(loser.held.holder).toBe((winners[0] as any).holder);
  });

  it('takes over an expired lease, not a live one', async () => {
    const db = fakeDb();
    const clock = new ManualClock(T0);
    expect('doc' in (await tryAcquire(db, 'due_tasks', 'a', clock, 60_000))).toBe(true);
    clock.advance(59_999);
    expect('doc' in (await tryAcquire(db, 'due_tasks', 'b', clock, 60_000))).toBe(false);
    clock.advance(1);
    const b = await tryAcquire(db, 'due_tasks', 'b', clock, 60_000);
    expect('doc' in b && b.doc.holder).toBe('b');
  });

  it('withLease holds the lease while working, then releases it', async () => {
    const db = fakeDb();
    const clock = new ManualClock(T0);
    const seen = await withLease(db, 'due_tasks', { holder: 'a', clock }, async () => structuredClone(db.docs.get(leaseId('due_tasks'))));
    expect(seen).toMatchObject({ holder: 'a', expires_at: '2025-03-05T10:01:00.000Z' });
    expect(seen.released_at).toBeUndefined();
    expect(db.docs.get(leaseId('due_tasks'))).toMatchObject({ holder: 'a', released_at: '2025-03-05T10:00:00.000Z' });
    // free again: another holder gets it at once
    await expect(withLease(db, 'due_tasks', { holder: 'b', clock }, async () => 'ran')).resolves.toBe('ran');
  });

  it('fails with a clear message when the lease stays busy, after waiting', async () => {
    const db = fakeDb();
    const clock = new ManualClock(T0);
    await tryAcquire(db, 'due_tasks', 'host/1/abc', clock);
    let ran = false;
    const attempt = withLease(db, 'due_tasks', { holder: 'b', clock, waitMs: 30, pollMs: 10 }, async () => {
      ran = true;
    });
    await expect(attempt).rejects.toThrow(LeaseBusyError);
    await expect(attempt).rejects.toThrow('job "due_tasks" is already running (lease held by host/1/abc until 2025-03-05T10:01:00.000Z)');
    expect(ran).toBe(false);
  });

  it('waits for a lease released meanwhile', async () => {
    const db = fakeDb();
    const clock = new ManualClock(T0);
    let release!: () => void;
    const first = withLease(db, 'due_tasks', { holder: 'a', clock }, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 5));
    const second = withLease(db, 'due_tasks', { holder: 'b', clock, waitMs: 1000, pollMs: 10 }, async () => 'b ran');
    setTimeout(() => release(), 30);
    await first;
    await expect(second).resolves.toBe('b ran');
  });

  it('renews while working and aborts the work when the lease is lost', async () => {
    const db = fakeDb();
    const clock = new ManualClock(T0);
    const ttlMs = 300; // renews every 100 ms of real time
    const result = await withLease(db, 'due_tasks', { holder: 'a', clock, ttlMs }, async (signal) => {
      clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 150));
      const renewed = structuredClone(db.docs.get(leaseId('due_tasks')));
      // someone takes the lease over behind our back
      const stolen = db.docs.get(leaseId('due_tasks'));
      db.docs.set(leaseId('due_tasks'), { ...stolen, holder: 'thief', _rev: '99-y' });
      await new Promise((r) => setTimeout(r, 150));
      return { renewed, aborted: signal.aborted };
    });
    expect(result.renewed.expires_at).toBe(new Date(T0 + 1_000 + ttlMs).toISOString());
    expect(result.aborted).toBe(true);
    // the thief's lease is left alone
    expect(db.docs.get(leaseId('due_tasks')).holder).toBe('thief');
    expect(db.docs.get(leaseId('due_tasks')).released_at).toBeUndefined();
  });
});
