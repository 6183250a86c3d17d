/**
 * RapidPro end to end against a loopback fake of its v2 API: incoming webhook → data_record →
 * transitions → broadcast → status polling → delivered; errors, timeouts and restarts never send a
 * message twice.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { startFakeRapidpro, BROADCASTS, type FakeRapidpro } from '../unit/gateways/fakes/rapidpro-server';
import { CONTACTS, REGISTRATION_REPLY, ROUND_TRIP_SETTINGS, post, reportWithPendingReply, startGateways, until, type GatewayProcess } from '../unit/gateways/fakes/gateway-harness';
import { recordIdFor } from '../../gateways/incoming';
import { claimId } from '../../gateways/send-claims';

const INCOMING_KEY = 'rp-incoming-key-789';

describe('RapidPro gateway', () => {
  let f: EngineFixture;
  let rp: FakeRapidpro;
  const processes: GatewayProcess[] = [];

  const settingsFor = (url: string) => ({ ...ROUND_TRIP_SETTINGS, sms: { outgoing_service: 'rapidpro', rapidpro: { url } } });
  const env = () => ({ VIGIL_RAPIDPRO_TOKEN: rp.token, VIGIL_RAPIDPRO_INCOMING_KEY: INCOMING_KEY });
  async function vigil(opts: Parameters<typeof startGateways>[1] = {}): Promise<GatewayProcess> {
    const p = await startGateways(f, { env: env(), ...opts });
    processes.push(p);
    return p;
  }
  const task = async (docId: string) => (await f.couch.medic.get(docId)).tasks[0];

  beforeEach(async () => {
    rp = await startFakeRapidpro();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.close();
    await rp.close();
    if (f) await f.cleanup();
  });
  afterAll(async () => f && (await f.server.stop()));

  it('round trip: SMS in → registration → reply → broadcast → delivered', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: CONTACTS });
    const gw = await vigil();

    const res = await post(`${gw.url}/api/v2/sms/rapidpro/incoming-messages`, { id: 'run-1', from: '+254711000001', content: 'P Mary Jane' }, { headers: { authorization: `Token ${INCOMING_KEY}` } });
    expect(res).toMatchObject({ status: 200, body: { saved: 1 } });

    await f.engine.drain();
    const recordId = recordIdFor('run-1');
    const record = await f.couch.medic.get(recordId);
    expect(record).toMatchObject({ type: 'data_record', form: 'P', fields: { patient_name: 'Mary Jane' }, from: '+254711000001', sms_message: { message: 'P Mary Jane', gateway_ref: 'run-1' }, contact: { _id: 'chw' } });
    expect(record.patient_id).toMatch(/^\d{5,}$/);
    expect(record.tasks).toHaveLength(1);
    const uuid = record.tasks[0].messages[0].uuid;

    await gw.gateways.tick();
    expect(rp.broadcastRequests()).toHaveLength(1);
    const sent = rp.broadcastRequests()[0];
    expect(sent.headers.authorization).toBe(`Token ${rp.token}`);
    expect(sent.body).toEqual({ urns: ['tel:+254711000001'], text: expect.stringMatching(REGISTRATION_REPLY) });
    expect(sent.body.text).toContain(record.patient_id);
    const afterSend = await task(recordId);
    expect(afterSend).toMatchObject({ state: 'received-by-gateway', state_details: 'Queued', gateway_ref: '1000' });
    expect((await f.couch.sentinel.get(claimId(uuid))).status).toBe('done');

    rp.setStatus(1000, 'wired');
    await gw.gateways.tick();
    expect((await task(recordId)).state).toBe('forwarded-by-gateway');

    rp.setStatus(1000, 'delivered');
    await gw.gateways.tick();
    const delivered = await task(recordId);
    expect(delivered).toMatchObject({ state: 'delivered', gateway_ref: '1000' });
    expect(delivered.state_history.map((h: any) => h.state)).toEqual(['pending', 'received-by-gateway', 'forwarded-by-gateway', 'delivered']);

    // delivered is final: a restarted vigil neither resends nor asks again
    const statusRequests = rp.statusRequests().length;
    await (await vigil()).gateways.tick();
    expect(rp.broadcastRequests()).toHaveLength(1);
    expect(rp.statusRequests()).toHaveLength(statusRequests);
  });

  it('authenticates the webhook and ignores a message it already has', async () => {
    f = await engineFixture(settingsFor(rp.url));
    const gw = await vigil();
    const url = `${gw.url}/api/v1/sms/rapidpro/incoming`;
    const msg = { id: 'run-2', from: '+254711000001', text: 'hi' };

    expect((await post(url, msg)).status).toBe(403);
    expect((await post(url, msg, { headers: { authorization: 'Token wrong' } })).status).toBe(403);
    expect((await post(url, msg, { headers: { authorization: `Bearer ${INCOMING_KEY}` } })).status).toBe(403);
    expect((await post(url, { from: '+254711000001' }, { headers: { authorization: `Token ${INCOMING_KEY}` } })).status).toBe(400);

    expect(await post(url, msg, { headers: { authorization: `Token ${INCOMING_KEY}` } })).toMatchObject({ status: 200, body: { saved: 1 } });
    const again = await post(`${gw.url}/api/v1/sms/radpidpro/incoming-messages`, { ...msg, content: 'hi' }, { headers: { authorization: `Token ${INCOMING_KEY}` } });
    expect(again).toMatchObject({ status: 200, body: { saved: 0, duplicate: true } });
    const records = (await f.couch.medic.list({ include_docs: true })).rows.filter((r: any) => r.doc.type === 'data_record');
    expect(records).toHaveLength(1);
  });

  it('keeps the webhook closed while no incoming key is configured', async () => {
    f = await engineFixture(settingsFor(rp.url));
    const gw = await vigil({ env: { VIGIL_RAPIDPRO_TOKEN: rp.token } });
    const res = await post(`${gw.url}/api/v1/sms/rapidpro/incoming`, { id: 'x', from: '+254711000001', content: 'hi' }, { headers: { authorization: 'Token ' } });
    expect(res.status).toBe(403);
  });

  it('retries after a 5xx, with backoff, and sends once it is accepted', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    rp.script(BROADCASTS, { status: 503, body: { detail: 'Service unavailable' } });
    const gw = await vigil();

    const first = await gw.gateways.tick();
    expect(first.push).toMatchObject({ sent: 1, retried: 1 });
    expect((await task('r1')).state).toBe('pending');
    expect(await f.couch.sentinel.get(claimId('u1'))).toMatchObject({ status: 'retry', attempts: 1, last_error: 'RapidPro answered 503' });

    await gw.gateways.tick(); // still backing off
    expect(rp.broadcastRequests()).toHaveLength(1);

    f.clock.advance(60 * 60_000);
    await gw.gateways.tick();
    expect(rp.broadcastRequests()).toHaveLength(2);
    expect(await task('r1')).toMatchObject({ state: 'received-by-gateway', gateway_ref: '1000' });
  });

  it('gives up after maxAttempts refusals, failing the message with the reason', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    rp.script(BROADCASTS, { status: 500 }, { status: 502 });
    const gw = await vigil({ maxAttempts: 2 });
    await gw.gateways.tick();
    f.clock.advance(60 * 60_000);
    await gw.gateways.tick();
    expect(await task('r1')).toMatchObject({ state: 'failed', state_details: { reason: 'not accepted after 2 attempts: RapidPro answered 502' } });
  });

  it('fails a message RapidPro rejects as invalid (400)', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    rp.script(BROADCASTS, { status: 400, body: { urns: ['Invalid URN: tel:+254711000002'] } });
    const gw = await vigil();
    await gw.gateways.tick();
    const t = await task('r1');
    expect(t.state).toBe('failed');
    expect(t.state_details.reason).toMatch(/^RapidPro rejected the message \(400\): .*Invalid URN/);
    f.clock.advance(60 * 60_000);
    await gw.gateways.tick();
    expect(rp.broadcastRequests()).toHaveLength(1);
  });

  it('never resends after a timeout: the outcome is unknown, the message failed', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    rp.script(BROADCASTS, { delayMs: 1500 });
    const gw = await vigil({ timeoutMs: 300 });
    await gw.gateways.tick();
    expect(await task('r1')).toMatchObject({ state: 'failed', state_details: { reason: 'send outcome unknown: no response within 0.3 s' } });
    f.clock.advance(60 * 60_000);
    await gw.gateways.tick();
    expect(rp.broadcastRequests()).toHaveLength(1);
  });

  it('never resends after a dropped connection either', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    rp.script(BROADCASTS, { destroy: true });
    const gw = await vigil();
    await gw.gateways.tick();
    expect((await task('r1')).state_details.reason).toMatch(/^send outcome unknown: connection lost/);
    expect(rp.broadcastRequests()).toHaveLength(1);
  });

  it('retries when RapidPro cannot be reached at all (nothing was sent)', async () => {
    const closed = await startFakeRapidpro();
    const url = closed.url;
    await closed.close();
    f = await engineFixture(settingsFor(url), { docs: [reportWithPendingReply('r1', 'u1')] });
    const gw = await vigil();
    await gw.gateways.tick();
    expect((await task('r1')).state).toBe('pending');
    expect(await f.couch.sentinel.get(claimId('u1'))).toMatchObject({ status: 'retry', attempts: 1, last_error: 'cannot connect (ECONNREFUSED)' });
  });

  it('a restart after a crash mid-send marks the message failed instead of sending it again', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    // this process reaches RapidPro, then dies before it hears back
    const crashing = await vigil({
      timeoutMs: 200,
      fetch: ((url: any, init: any) => {
        void fetch(url, init).catch(() => undefined);
        return new Promise<Response>(() => undefined);
      }) as typeof fetch,
    });
    void crashing.gateways.tick();
    await until(() => rp.broadcastRequests().length === 1);
    processes.splice(processes.indexOf(crashing), 1);
    await crashing.kill(); // never stopped: it is dead

    const restarted = await vigil();
    await restarted.gateways.tick(); // the claim is fresh: maybe still in flight elsewhere
    expect((await task('r1')).state).toBe('pending');

    f.clock.advance(10 * 60_000);
    const report = await restarted.gateways.tick();
    expect(report.push).toMatchObject({ sent: 0, failed: 1 });
    expect(await task('r1')).toMatchObject({ state: 'failed', state_details: { reason: 'send outcome unknown after restart' } });
    expect(rp.broadcastRequests()).toHaveLength(1);
  });

  it('a restart after the answer was recorded applies it without sending again', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    await f.couch.sentinel.insert({
      _id: claimId('u1'),
      type: 'vigil_sms_send',
      message_uuid: 'u1',
      service: 'rapidpro',
      status: 'done',
      owner: 'dead-process',
      claimed_at: '2025-03-05T09:59:00.000Z',
      attempts: 0,
      sends: 1,
      outcome: { state: 'received-by-gateway', details: 'Queued', gatewayRef: '4242', at: '2025-03-05T09:59:01.000Z' },
    } as any);
    const gw = await vigil();
    const report = await gw.gateways.tick();
    expect(report.push).toMatchObject({ sent: 0, recovered: 1 });
    expect(await task('r1')).toMatchObject({ state: 'received-by-gateway', gateway_ref: '4242' });
    expect(rp.broadcastRequests()).toHaveLength(0);
  });

  it('sends again a failed message someone set back to pending', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    rp.script(BROADCASTS, { status: 400, body: { text: ['bad'] } });
    const gw = await vigil();
    await gw.gateways.tick();
    const doc = await f.couch.medic.get('r1');
    expect(doc.tasks[0].state).toBe('failed');
    f.clock.advance(60_000);
    doc.tasks[0].state = 'pending';
    doc.tasks[0].state_history.push({ state: 'pending', timestamp: new Date(f.clock.nowMs()).toISOString() });
    await f.couch.medic.insert(doc);
    await gw.gateways.tick();
    expect(rp.broadcastRequests()).toHaveLength(2);
    expect((await task('r1')).state).toBe('received-by-gateway');
    expect((await f.couch.sentinel.get(claimId('u1'))).sends).toBe(2);
  });

  it('pauses on a refused API token without using up attempts', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1'), reportWithPendingReply('r2', 'u2')] });
    const gw = await vigil({ env: { VIGIL_RAPIDPRO_TOKEN: 'wrong', VIGIL_RAPIDPRO_INCOMING_KEY: INCOMING_KEY } });
    const report = await gw.gateways.tick();
    expect(report.push).toMatchObject({ sent: 1, halted: 'RapidPro refused the API token (401)' });
    expect(rp.broadcastRequests()).toHaveLength(1);
    expect(await f.couch.sentinel.get(claimId('u1'))).toMatchObject({ status: 'retry', attempts: 0 });
  });

  it('sends nothing while the URL or the token is missing', async () => {
    f = await engineFixture({ ...ROUND_TRIP_SETTINGS, sms: { outgoing_service: 'rapidpro' } }, { docs: [reportWithPendingReply('r1', 'u1')] });
    const gw = await vigil();
    expect((await gw.gateways.tick()).push?.halted).toBe('sms.rapidpro.url is not set');
    await expect(f.couch.sentinel.get(claimId('u1'))).rejects.toMatchObject({ statusCode: 404 });
  });

  it('runs on its own once started, and stops', async () => {
    f = await engineFixture(settingsFor(rp.url), { docs: [reportWithPendingReply('r1', 'u1')] });
    const gw = await vigil({ intervalMs: 50 });
    gw.gateways.start();
    await until(() => rp.broadcastRequests().length === 1);
    await gw.gateways.stop();
    expect((await task('r1')).state).toBe('received-by-gateway');
  });
});
