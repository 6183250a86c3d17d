/**
 * Africa's Talking end to end against a loopback fake of its SMS API: incoming callback → data_record →
 * transitions → send → delivery report → delivered; status codes, errors and timeouts.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { startFakeAfricasTalking, MESSAGING, type FakeAfricasTalking } from '../unit/gateways/fakes/africas-talking-server';
import { CONTACTS, REGISTRATION_REPLY, ROUND_TRIP_SETTINGS, post, reportWithPendingReply, startGateways, type GatewayProcess } from '../unit/gateways/fakes/gateway-harness';
import { recordIdFor } from '../../gateways/incoming';
import { claimId } from '../../gateways/send-claims';

const CALLBACK_KEY = 'at-callback-key-321';

describe("Africa's Talking gateway", () => {
  let f: EngineFixture;
  let at: FakeAfricasTalking;
  const processes: GatewayProcess[] = [];

  const settings = () => ({ ...ROUND_TRIP_SETTINGS, sms: { outgoing_service: 'africas-talking', reply_to: '20880', africas_talking: { username: at.username, url: at.url } } });
  async function vigil(opts: Parameters<typeof startGateways>[1] = {}): Promise<GatewayProcess> {
    const p = await startGateways(f, { env: { VIGIL_AT_API_KEY: at.apiKey, VIGIL_AT_INCOMING_KEY: CALLBACK_KEY }, ...opts });
    processes.push(p);
    return p;
  }
  const task = async (docId: string) => (await f.couch.medic.get(docId)).tasks[0];

  beforeEach(async () => {
    at = await startFakeAfricasTalking();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.close();
    await at.close();
    if (f) await f.cleanup();
  });
  afterAll(async () => f && (await f.server.stop()));

  it('round trip: SMS in → registration → reply → sent → delivery report → delivered', async () => {
    f = await engineFixture(settings(), { docs: CONTACTS });
    const gw = await vigil();

    const incoming = { from: '+254711000001', to: '20880', text: 'P Mary Jane', date: '2025-03-05 09:59:58', id: 'at-in-1', linkId: 'l1', networkCode: '63902' };
    const res = await post(`${gw.url}/api/v1/sms/africas-talking/incoming?key=${CALLBACK_KEY}`, incoming, { form: true });
    expect(res).toMatchObject({ status: 200, body: { saved: 1 } });

    await f.engine.drain();
    const recordId = recordIdFor('at-in-1');
    const record = await f.couch.medic.get(recordId);
    expect(record).toMatchObject({ form: 'P', from: '+254711000001', contact: { _id: 'chw' }, sms_message: { gateway_ref: 'at-in-1' } });
    expect(record.patient_id).toMatch(/^\d{5,}$/);

    await gw.gateways.tick();
    expect(at.sends()).toHaveLength(1);
    const sent = at.sends()[0];
    expect(sent.headers.apikey).toBe(at.apiKey);
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.body).toEqual({ username: at.username, to: '+254711000001', message: expect.stringMatching(REGISTRATION_REPLY), from: '20880' });
    expect(await task(recordId)).toMatchObject({ state: 'sent', state_details: 'Sent', gateway_ref: 'ATXid_00000001' });

    const report = { id: 'ATXid_00000001', status: 'Success', phoneNumber: '+254711000001', networkCode: '63902', retryCount: '0' };
    const dr = await post(`${gw.url}/api/v1/sms/africas-talking/delivery-reports?key=${CALLBACK_KEY}`, report, { form: true });
    expect(dr).toMatchObject({ status: 200, body: { saved: 1 } });
    const delivered = await task(recordId);
    expect(delivered).toMatchObject({ state: 'delivered', gateway_ref: 'ATXid_00000001' });
    expect(delivered.state_history.map((h: any) => h.state)).toEqual(['pending', 'sent', 'delivered']);

    // a restarted vigil does not send it again
    await (await vigil()).gateways.tick();
    expect(at.sends()).toHaveLength(1);
  });

  it('serves CHT callback paths and authenticates them with ?key=', async () => {
    f = await engineFixture(settings());
    const gw = await vigil();
    const path = `${gw.url}/api/v1/sms/africastalking/incoming-messages`;
    const msg = { from: '+254711000001', text: 'hi', id: 'at-in-2', to: '20880' };
    expect((await post(path, msg, { form: true })).status).toBe(403);
    expect((await post(`${path}?key=wrong`, msg, { form: true })).status).toBe(403);
    expect((await post(`${path}?key=${CALLBACK_KEY}`, { from: '+254711000001', id: 'x' }, { form: true })).status).toBe(400);
    expect(await post(`${path}?key=${CALLBACK_KEY}`, msg, { form: true })).toMatchObject({ status: 200, body: { saved: 1 } });
    expect(await post(`${path}?key=${CALLBACK_KEY}`, msg, { form: true })).toMatchObject({ status: 200, body: { saved: 0 } });
    expect((await post(`${gw.url}/api/v1/sms/africastalking/delivery-reports`, { id: 'x', status: 'Success' }, { form: true })).status).toBe(403);
  });

  it('closes the callbacks while no callback key is configured', async () => {
    f = await engineFixture(settings());
    const gw = await vigil({ env: { VIGIL_AT_API_KEY: at.apiKey } });
    expect((await post(`${gw.url}/api/v1/sms/africas-talking/incoming?key=`, { from: '+254711000001', text: 'hi', id: 'a' }, { form: true })).status).toBe(403);
  });

  it('records a failed delivery with its reason, and refuses an unknown status', async () => {
    f = await engineFixture(settings(), { docs: [reportWithPendingReply('r1', 'u1')] });
    const gw = await vigil();
    await gw.gateways.tick();
    expect((await task('r1')).gateway_ref).toBe('ATXid_00000001');
    const url = `${gw.url}/api/v1/sms/africas-talking/delivery-reports?key=${CALLBACK_KEY}`;
    const bogus = await post(url, { id: 'ATXid_00000001', status: 'Exploded' }, { form: true });
    expect(bogus.status).toBe(400);
    expect(bogus.body.reason).toContain('unknown status "Exploded"');
    await post(url, { id: 'ATXid_00000001', status: 'Failed', failureReason: 'AbsentSubscriber' }, { form: true });
    expect(await task('r1')).toMatchObject({ state: 'failed', state_details: 'AbsentSubscriber', gateway_ref: 'ATXid_00000001' });
  });

  it('denies a blacklisted recipient (406) and fails an invalid number (403)', async () => {
    f = await engineFixture(settings(), { docs: [reportWithPendingReply('r1', 'u1'), reportWithPendingReply('r2', 'u2')] });
    at.recipientStatus(406, 403);
    const gw = await vigil();
    await gw.gateways.tick();
    const states = [await task('r1'), await task('r2')].map((t) => [t.state, t.state_details, t.gateway_ref]);
    expect(states.sort()).toEqual([
      ['denied', 'UserInBlacklist', undefined],
      ['failed', 'InvalidPhoneNumber', undefined],
    ]);
  });

  it('retries what AT refused for now (insufficient balance, 5xx) and sends it later', async () => {
    f = await engineFixture(settings(), { docs: [reportWithPendingReply('r1', 'u1')] });
    at.recipientStatus(405);
    at.script(MESSAGING, { status: 500, body: 'Internal Server Error' });
    const gw = await vigil();
    await gw.gateways.tick(); // 500
    expect((await task('r1')).state).toBe('pending');
    f.clock.advance(60 * 60_000);
    await gw.gateways.tick(); // 405
    expect(await f.couch.sentinel.get(claimId('u1'))).toMatchObject({ status: 'retry', attempts: 2, last_error: "Africa's Talking: InsufficientBalance (405)" });
    f.clock.advance(60 * 60_000);
    await gw.gateways.tick();
    expect(at.sends()).toHaveLength(3);
    expect((await task('r1')).state).toBe('sent');
  });

  it('never resends after a timeout', async () => {
    f = await engineFixture(settings(), { docs: [reportWithPendingReply('r1', 'u1')] });
    at.script(MESSAGING, { hang: true });
    const gw = await vigil({ timeoutMs: 300 });
    await gw.gateways.tick();
    expect(await task('r1')).toMatchObject({ state: 'failed', state_details: { reason: 'send outcome unknown: no response within 0.3 s' } });
    f.clock.advance(60 * 60_000);
    await gw.gateways.tick();
    expect(at.sends()).toHaveLength(1);
  });

  it('pauses on a refused API key', async () => {
    f = await engineFixture(settings(), { docs: [reportWithPendingReply('r1', 'u1')] });
    const gw = await vigil({ env: { VIGIL_AT_API_KEY: 'nope', VIGIL_AT_INCOMING_KEY: CALLBACK_KEY } });
    expect((await gw.gateways.tick()).push?.halted).toBe("Africa's Talking refused the API key (401)");
    expect((await task('r1')).state).toBe('pending');
  });
});
