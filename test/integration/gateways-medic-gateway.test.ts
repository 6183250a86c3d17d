/**
 * The CHT Gateway app protocol (`/api/sms`) end to end: the test plays the Android app.
 * SMS in → record → transitions → reply handed out → status updates → delivered.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { CONTACTS, REGISTRATION_REPLY, ROUND_TRIP_SETTINGS, basic, post, reportWithPendingReply, startGateways, type GatewayProcess } from '../unit/gateways/fakes/gateway-harness';
import { recordIdFor } from '../../gateways/incoming';

const PASSWORD = 'gateway-password-1';

describe('CHT Gateway app (medic-gateway)', () => {
  let f: EngineFixture;
  const processes: GatewayProcess[] = [];
  const auth = { authorization: basic('gateway', PASSWORD) };

  async function vigil(env: Record<string, string> = { VIGIL_GATEWAY_PASSWORD: PASSWORD }): Promise<GatewayProcess> {
    const p = await startGateways(f, { env });
    processes.push(p);
    return p;
  }
  const poll = (gw: GatewayProcess, body: Record<string, unknown> = {}) => post(`${gw.url}/api/sms`, body, { headers: auth });
  const task = async (docId: string) => (await f.couch.medic.get(docId)).tasks[0];

  afterEach(async () => {
    for (const p of processes.splice(0)) await p.close();
    if (f) await f.cleanup();
  });
  afterAll(async () => f && (await f.server.stop()));

  it('round trip: SMS in → registration → reply handed out → SENT → DELIVERED', async () => {
    f = await engineFixture(ROUND_TRIP_SETTINGS, { docs: CONTACTS });
    const gw = await vigil();

    const first = await poll(gw, { messages: [{ id: 'gw-1', from: '+254711000001', content: 'P Mary Jane', sms_sent: 1741168790000, sms_received: 1741168795000 }], updates: [] });
    expect(first).toMatchObject({ status: 200, body: { messages: [] } });

    await f.engine.drain();
    const recordId = recordIdFor('gw-1');
    const record = await f.couch.medic.get(recordId);
    expect(record).toMatchObject({ form: 'P', from: '+254711000001', contact: { _id: 'chw' }, sms_message: { message: 'P Mary Jane', gateway_ref: 'gw-1' } });
    expect(record.patient_id).toMatch(/^\d{5,}$/);
    const uuid = record.tasks[0].messages[0].uuid;

    const handout = await poll(gw);
    expect(handout.body).toEqual({ messages: [{ id: uuid, to: '+254711000001', content: expect.stringMatching(REGISTRATION_REPLY) }] });
    expect((await task(recordId)).state).toBe('forwarded-to-gateway');

    // re-offered until the app reports on it (the app ignores ids it has)
    expect((await poll(gw)).body.messages.map((m: any) => m.id)).toEqual([uuid]);

    const reported = await poll(gw, { updates: [{ id: uuid, status: 'SENT' }, { id: uuid, status: 'DELIVERED' }] });
    expect(reported.body).toEqual({ messages: [] });
    const delivered = await task(recordId);
    expect(delivered.state).toBe('delivered');
    expect(delivered.state_history.map((h: any) => h.state)).toEqual(['pending', 'forwarded-to-gateway', 'sent', 'delivered']);
  });

  it('answers the connection test and requires basic auth on both methods', async () => {
    f = await engineFixture(ROUND_TRIP_SETTINGS);
    const gw = await vigil();
    const noAuth = await fetch(`${gw.url}/api/sms`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${gw.url}/api/sms`, { headers: { authorization: basic('gateway', 'wrong') } })).status).toBe(401);
    expect((await post(`${gw.url}/api/sms`, {}, { headers: { authorization: basic('admin', PASSWORD) } })).status).toBe(401);
    const ok = await fetch(`${gw.url}/api/sms`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ 'medic-gateway': true });
  });

  it('stays closed while no gateway password is configured', async () => {
    f = await engineFixture(ROUND_TRIP_SETTINGS);
    const gw = await vigil({});
    expect((await fetch(`${gw.url}/api/sms`, { headers: { authorization: basic('gateway', '') } })).status).toBe(403);
  });

  it('ignores a message id it has seen, in another poll or twice in one', async () => {
    f = await engineFixture(ROUND_TRIP_SETTINGS);
    const gw = await vigil();
    const msg = { id: 'gw-2', from: '+254711000001', content: 'hello' };
    expect((await poll(gw, { messages: [msg, msg] })).status).toBe(200);
    expect((await poll(gw, { messages: [msg, { from: '+254711000001' }] })).status).toBe(200);
    const records = (await f.couch.medic.list({ include_docs: true })).rows.filter((r: any) => r.doc.type === 'data_record');
    expect(records.map((r: any) => r.id)).toEqual([recordIdFor('gw-2')]);
  });

  it('ignores a message whose gateway id another record already carries (messages_by_gateway_ref)', async () => {
    const old = { _id: 'from-cht-api', type: 'data_record', from: '+254711000001', reported_date: 1, sms_message: { message: 'hello', gateway_ref: 'gw-old' } };
    f = await engineFixture(ROUND_TRIP_SETTINGS, { docs: [old] });
    const gw = await vigil();
    await poll(gw, { messages: [{ id: 'gw-old', from: '+254711000001', content: 'hello' }] });
    const records = (await f.couch.medic.list({ include_docs: true })).rows.filter((r: any) => r.doc.type === 'data_record');
    expect(records.map((r: any) => r.id)).toEqual(['from-cht-api']);
  });

  it('records a failure reason and an unknown status', async () => {
    f = await engineFixture(ROUND_TRIP_SETTINGS, { docs: [reportWithPendingReply('r1', 'u1'), reportWithPendingReply('r2', 'u2', 'Other text')] });
    const gw = await vigil();
    await poll(gw, { updates: [{ id: 'u1', status: 'FAILED', reason: 'generic failure' }, { id: 'u2', status: 'WEIRD' }, { id: 'nope', status: 'SENT' }] });
    expect(await task('r1')).toMatchObject({ state: 'failed', state_details: { reason: 'generic failure' } });
    expect(await task('r2')).toMatchObject({ state: 'unrecognised', state_details: { gateway_status: 'WEIRD' } });
  });

  it('hands out at most 25 messages, oldest first', async () => {
    const docs = Array.from({ length: 30 }, (_, i) => {
      const d = reportWithPendingReply(`r${String(i).padStart(2, '0')}`, `u${i}`, `text ${i}`);
      d.tasks[0].state_history[0].timestamp = new Date(Date.parse('2025-03-05T08:00:00.000Z') + i * 1000).toISOString();
      return { ...d, tasks: [{ ...d.tasks[0], timestamp: d.tasks[0].state_history[0].timestamp }] };
    });
    f = await engineFixture(ROUND_TRIP_SETTINGS, { docs });
    const gw = await vigil();
    const out = (await poll(gw)).body.messages;
    expect(out).toHaveLength(25);
    expect(out[0]).toEqual({ id: 'u0', to: '+254711000002', content: 'text 0' });
    expect(out[24].id).toBe('u24');
  });

  it('hands nothing out while another service sends, but still takes incoming messages', async () => {
    f = await engineFixture({ ...ROUND_TRIP_SETTINGS, sms: { outgoing_service: 'rapidpro', rapidpro: { url: 'http://127.0.0.1:1' } } }, { docs: [reportWithPendingReply('r1', 'u1')] });
    const gw = await vigil();
    const res = await poll(gw, { messages: [{ id: 'gw-3', from: '+254711000001', content: 'hi' }] });
    expect(res.body).toEqual({ messages: [] });
    expect((await task('r1')).state).toBe('pending');
    expect((await f.couch.medic.get(recordIdFor('gw-3'))).type).toBe('data_record');
  });
});
