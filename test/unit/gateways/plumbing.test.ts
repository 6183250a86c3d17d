/** Gateway plumbing: network error classes, credentials, settings, incoming record ids, state updates in memory. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyNetworkError, callProvider } from '../../../gateways/http';
import { createCredentials, ENV_FALLBACK, CREDENTIALS, type CredentialSource } from '../../../gateways/credentials';
import type { Vault } from '../../../lib/secrets';
import { africasTalkingSettings, outgoingService, rapidproUrl, unsupportedService } from '../../../gateways/config';
import { recordIdFor } from '../../../gateways/incoming';
import { applyToDocs, findTask } from '../../../gateways/state-updates';
import { toOutgoing } from '../../../gateways/outgoing';
import { broadcastBody } from '../../../gateways/rapidpro';
import { messagingForm } from '../../../gateways/africas-talking';
import { checkSettings } from '../../../lib/config/check';
import { ManualClock } from '../../../lib/time/clock';

describe('classifyNetworkError', () => {
  const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('knows nothing was sent when the connection never opened', () => {
    expect(classifyNetworkError(fetchFailed('ECONNREFUSED'), 10_000)).toMatchObject({ sent: 'no', message: 'cannot connect (ECONNREFUSED)' });
    expect(classifyNetworkError(fetchFailed('ENOTFOUND'), 10_000).sent).toBe('no');
  });

  it('cannot tell after a timeout or a dropped connection', () => {
    expect(classifyNetworkError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 10_000)).toMatchObject({ sent: 'maybe', message: 'no response within 10 s' });
    expect(classifyNetworkError(fetchFailed('UND_ERR_SOCKET'), 10_000)).toMatchObject({ sent: 'maybe', message: 'connection lost (UND_ERR_SOCKET)' });
  });

  it('turns a refused connection from a real fetch into "not sent"', async () => {
    // a port that was just free: nothing listens there any more
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await expect(callProvider(fetch, `http://127.0.0.1:${port}/x`, { method: 'POST' }, 2000)).rejects.toMatchObject({ sent: 'no' });
  });
});

describe('credentials', () => {
  it('reads the source first, then the environment variable', async () => {
    const env = { VIGIL_RAPIDPRO_TOKEN: 'from-env', VIGIL_AT_API_KEY: 'at-env' };
    const creds = createCredentials({ source: { get: async (k) => (k === 'rapidpro:outgoing' ? 'from-vault' : undefined) }, env });
    expect(await creds('rapidpro:outgoing')).toBe('from-vault');
    expect(await creds('africastalking.com:outgoing')).toBe('at-env');
    expect(await creds('rapidpro:incoming')).toBeUndefined();
  });

  it('treats blank values as missing and survives an unreadable source', async () => {
    const creds = createCredentials({ source: { get: async () => Promise.reject(new Error('no key')) }, env: { VIGIL_GATEWAY_PASSWORD: '  ', VIGIL_AT_INCOMING_KEY: 'k ' } });
    expect(await creds(CREDENTIALS.medicGatewayPassword)).toBeUndefined();
    expect(await creds(CREDENTIALS.africasTalkingIncoming)).toBe('k');
  });

  it('caches for a while, then reads again', async () => {
    let t = 0;
    let reads = 0;
    const creds = createCredentials({ source: { get: async () => `v${++reads}` }, env: {}, nowMs: () => t });
    expect(await creds('rapidpro:outgoing')).toBe('v1');
    t = 29_000;
    expect(await creds('rapidpro:outgoing')).toBe('v1');
    t = 31_000;
    expect(await creds('rapidpro:outgoing')).toBe('v2');
  });

  it("reads lib/secrets' vault as a source", () => {
    const asSource = (vault: Vault): CredentialSource => vault;
    expect(typeof asSource).toBe('function');
  });

  it('names an environment variable for every credential', () => {
    expect(Object.values(CREDENTIALS).every((name) => ENV_FALLBACK[name])).toBe(true);
  });
});

describe('gateway settings', () => {
  it('defaults to medic-gateway and sends nothing through an unknown service', () => {
    expect(outgoingService({})).toBe('medic-gateway');
    expect(outgoingService({ sms: { outgoing_service: 'rapidpro' } })).toBe('rapidpro');
    expect(outgoingService({ sms: { outgoing_service: 'nepal-doit-sms' } })).toBe('none');
    expect(unsupportedService({ sms: { outgoing_service: 'nepal-doit-sms' } })).toBe('nepal-doit-sms');
    expect(unsupportedService({})).toBeUndefined();
    expect(unsupportedService({ sms: { outgoing_service: 'none' } })).toBeUndefined();
  });

  it("reads the RapidPro URL and the Africa's Talking account", () => {
    expect(rapidproUrl({ sms: { rapidpro: { url: 'https://textit.in/' } } })).toBe('https://textit.in');
    expect(africasTalkingSettings({ sms: { reply_to: 12345, africas_talking: { username: 'sandbox' } } })).toEqual({
      username: 'sandbox',
      url: 'https://api.sandbox.africastalking.com',
      from: '12345',
    });
    expect(africasTalkingSettings({ sms: { africas_talking: { username: 'live', url: 'http://127.0.0.1:1234/' } } }).url).toBe('http://127.0.0.1:1234');
    expect(africasTalkingSettings({ sms: { africas_talking: { username: 'live' } } }).url).toBe('https://api.africastalking.com');
  });

  it('vigil check reports a push service without its account settings, and a misspelt service', () => {
    const problems = (sms: object) => checkSettings({ sms } as any).filter((p) => p.path.startsWith('$.sms'));
    expect(problems({ outgoing_service: 'rapidpro' }).map((p) => p.path)).toEqual(['$.sms.rapidpro']);
    expect(problems({ outgoing_service: 'rapidpro', rapidpro: {} }).map((p) => p.path)).toEqual(['$.sms.rapidpro.url']);
    expect(problems({ outgoing_service: 'africas-talking', africas_talking: {} }).map((p) => p.path)).toEqual(['$.sms.africas_talking.username']);
    expect(problems({ outgoing_service: 'rapid-pro' }).map((p) => p.path)).toEqual(['$.sms.outgoing_service']);
    expect(problems({ outgoing_service: 'rapidpro', rapidpro: { url: 'https://textit.in' } })).toEqual([]);
    expect(problems({ outgoing_service: 'medic-gateway' })).toEqual([]);
  });
});

describe('payloads', () => {
  it('sends RapidPro a broadcast to one tel: URN', () => {
    expect(broadcastBody({ to: '+254711000001', content: 'Thanks' })).toEqual({ urns: ['tel:+254711000001'], text: 'Thanks' });
  });

  it("sends Africa's Talking the form fields, from only when set", () => {
    expect(Object.fromEntries(messagingForm('acme', { to: '+254711000001', content: 'Thanks' }, '20880'))).toEqual({
      username: 'acme',
      to: '+254711000001',
      message: 'Thanks',
      from: '20880',
    });
    expect(messagingForm('acme', { to: '+254711000001', content: 'Thanks' }).has('from')).toBe(false);
  });

  it('normalises the recipient to E.164 when it validates, else keeps it', () => {
    const settings = { default_country_code: 254 };
    expect(toOutgoing(settings, { id: 'u1', to: '0711000001', content: 'hi' })).toEqual({ id: 'u1', to: '+254711000001', content: 'hi' });
    expect(toOutgoing(settings, { id: 'u1', to: '12', content: 'hi' })).toEqual({ id: 'u1', to: '12', content: 'hi' });
    expect(toOutgoing(settings, { id: 'u1', content: 'hi' })).toBeUndefined();
  });
});

describe('recordIdFor', () => {
  it('derives one uuid-shaped id per gateway message id', () => {
    expect(recordIdFor('abc')).toBe(recordIdFor('abc'));
    expect(recordIdFor('abc')).not.toBe(recordIdFor('abd'));
    expect(recordIdFor('abc')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('applyToDocs', () => {
  const clock = new ManualClock(Date.parse('2025-03-05T10:00:00.000Z'));
  const doc = () => ({
    _id: 'r1',
    tasks: [{ state: 'pending', messages: [{ uuid: 'a', to: '+1', message: 'x' }], state_history: [{ state: 'pending', timestamp: '2025-03-05T09:00:00.000Z' }] }],
    scheduled_tasks: [{ state: 'pending', messages: [{ uuid: 'b', to: '+1', message: 'y' }] }],
  });

  it('finds messages in tasks, then scheduled_tasks', () => {
    const d = doc();
    expect(findTask(d, 'a')).toBe(d.tasks[0]);
    expect(findTask(d, 'b')).toBe(d.scheduled_tasks[0]);
    expect(findTask(d, 'c')).toBeUndefined();
  });

  it('applies updates in order, each appending to state_history, and reports unknown messages', () => {
    const d = doc();
    const r = applyToDocs(
      [
        { messageId: 'a', state: 'sent' },
        { messageId: 'a', state: 'delivered' },
        { messageId: 'b', state: 'failed', details: { reason: 'no' } },
        { messageId: 'zzz', state: 'sent' },
      ],
      [d],
      clock,
    );
    expect(d.tasks[0].state).toBe('delivered');
    expect(d.tasks[0].state_history.map((h) => h.state)).toEqual(['pending', 'sent', 'delivered']);
    expect(d.scheduled_tasks[0]).toMatchObject({ state: 'failed', state_details: { reason: 'no' } });
    expect([...r.changed]).toEqual(['r1']);
    expect(r.byDoc.get('r1')).toHaveLength(3);
    expect(r.missing).toEqual([{ messageId: 'zzz', state: 'sent' }]);
  });

  it('changes nothing when the message already has that state (setTaskState no-op)', () => {
    const d = doc();
    const r = applyToDocs([{ messageId: 'a', state: 'pending' }], [d], clock);
    expect(r.changed.size).toBe(0);
  });
});
