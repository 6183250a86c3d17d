/** Gateway state updates (spec 6.4) on a real server: resolution by reference, and 409 retries on the fresh doc. */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { reportWithPendingReply } from '../unit/gateways/fakes/gateway-harness';
import { applyStateUpdates } from '../../gateways/state-updates';
import type { Couch } from '../../lib/couch/client';

describe('applyStateUpdates', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  it('finds a message by its gateway reference', async () => {
    const doc = reportWithPendingReply('r1', 'u1');
    Object.assign(doc.tasks[0], { state: 'sent', gateway_ref: 'ATXid_7' });
    f = await engineFixture({}, { docs: [doc] });
    const report = await applyStateUpdates(f.couch, [{ gatewayRef: 'ATXid_7', state: 'delivered' }, { gatewayRef: 'unknown-ref', state: 'delivered' }], f.clock);
    expect(report.saved).toBe(1);
    expect(report.notFound).toEqual([{ gatewayRef: 'unknown-ref', state: 'delivered' }]);
    expect((await f.couch.medic.get('r1')).tasks[0]).toMatchObject({ state: 'delivered', gateway_ref: 'ATXid_7' });
  });

  it('retries a conflicting save on the fresh doc, keeping the change of the other writer', async () => {
    f = await engineFixture({}, { docs: [reportWithPendingReply('r1', 'u1')] });
    let conflicts = 0;
    // another writer saves the doc between our read and our write, once
    const medic = new Proxy(f.couch.medic, {
      get(target, prop, receiver) {
        if (prop !== 'bulk') return Reflect.get(target, prop, receiver);
        return async (body: any) => {
          if (conflicts++ === 0) {
            const fresh = await target.get('r1');
            await target.insert({ ...fresh, edited_by_someone_else: true });
          }
          return target.bulk(body);
        };
      },
    });
    const couch: Couch = { ...f.couch, medic };
    const report = await applyStateUpdates(couch, [{ messageId: 'u1', state: 'sent' }], f.clock);
    expect(report.saved).toBe(1);
    const doc = await f.couch.medic.get('r1');
    expect(doc.edited_by_someone_else).toBe(true);
    expect(doc.tasks[0].state).toBe('sent');
    expect(conflicts).toBe(2);
  });

  it('gives up after a bounded number of conflicts', async () => {
    f = await engineFixture({}, { docs: [reportWithPendingReply('r1', 'u1')] });
    const medic = new Proxy(f.couch.medic, {
      get(target, prop, receiver) {
        if (prop !== 'bulk') return Reflect.get(target, prop, receiver);
        return async (body: any) => body.docs.map((d: any) => ({ id: d._id, error: 'conflict', reason: 'Document update conflict.' }));
      },
    });
    await expect(applyStateUpdates({ ...f.couch, medic }, [{ messageId: 'u1', state: 'sent' }], f.clock)).rejects.toThrow(/saving message states of r1 failed: conflict/);
  });
});
