/** Provider statuses → message states (spec 6.1), and how each provider's answer is read. */
import { GATEWAY_STATUSES, gatewayIncoming, gatewayUpdate } from '../../../gateways/medic-gateway';
import { RAPIDPRO_POLLED_STATES, RAPIDPRO_STATUSES, broadcastResult, rapidproStatus } from '../../../gateways/rapidpro';
import { AT_DELIVERY_STATUSES, AT_SEND_STATUSES, deliveryState, messagingResult } from '../../../gateways/africas-talking';
import { atDeliveryUpdate, atIncoming } from '../../../gateways/africas-talking-routes';
import { rapidproIncoming } from '../../../gateways/rapidpro-routes';
import { isTaskState } from '../../../lib/messages';

const at = (recipients: unknown[], message = 'Sent to 1/1 Total Cost: KES 0.8000') => JSON.stringify({ SMSMessageData: { Message: message, Recipients: recipients } });

describe('CHT Gateway app statuses', () => {
  it('maps every app status to its CHT state', () => {
    expect(GATEWAY_STATUSES).toEqual({
      UNSENT: 'received-by-gateway',
      PENDING: 'forwarded-by-gateway',
      SENT: 'sent',
      DELIVERED: 'delivered',
      FAILED: 'failed',
    });
  });

  it('keeps a failure reason as state_details.reason', () => {
    expect(gatewayUpdate({ id: 'm1', status: 'FAILED', reason: 'no credit' })).toEqual({ messageId: 'm1', state: 'failed', details: { reason: 'no credit' } });
    expect(gatewayUpdate({ id: 'm1', status: 'SENT' })).toEqual({ messageId: 'm1', state: 'sent' });
  });

  it('records an unknown status as unrecognised with the gateway status', () => {
    expect(gatewayUpdate({ id: 'm1', status: 'EXPLODED' })).toEqual({ messageId: 'm1', state: 'unrecognised', details: { gateway_status: 'EXPLODED' } });
    expect(gatewayUpdate({ id: 'm1', status: 'toString' }).state).toBe('unrecognised');
  });

  it('accepts incoming messages with from and content (even empty), like CHT', () => {
    expect(
      gatewayIncoming([
        { id: 'a', from: '+254711000001', content: 'hi', sms_sent: 1, sms_received: 2 },
        { id: 'b', from: '+254711000001', content: '' },
        { id: 'c', content: 'no sender' },
        { id: 'd', from: '+254711000001' },
      ]),
    ).toEqual([
      { id: 'a', from: '+254711000001', content: 'hi' },
      { id: 'b', from: '+254711000001', content: '' },
    ]);
    expect(gatewayIncoming(undefined)).toEqual([]);
  });
});

describe('RapidPro statuses', () => {
  it('maps statuses as CHT does, errored staying with the gateway', () => {
    expect(Object.fromEntries(Object.entries(RAPIDPRO_STATUSES).map(([k, v]) => [k, v.state]))).toEqual({
      queued: 'received-by-gateway',
      wired: 'forwarded-by-gateway',
      sent: 'sent',
      delivered: 'delivered',
      resent: 'sent',
      errored: 'received-by-gateway',
      failed: 'failed',
    });
    expect(rapidproStatus('mystery')).toBe(RAPIDPRO_STATUSES.queued);
    expect(rapidproStatus('constructor')).toBe(RAPIDPRO_STATUSES.queued);
  });

  it('polls only the states that can still change', () => {
    expect([...RAPIDPRO_POLLED_STATES].sort()).toEqual(['forwarded-by-gateway', 'received-by-gateway', 'sent']);
  });

  it('records the broadcast id as gateway_ref of an accepted message', () => {
    expect(broadcastResult(201, JSON.stringify({ id: 1234, urns: ['tel:+254711000001'], text: 'hi', status: 'queued' }))).toEqual({
      outcome: 'done',
      update: { state: 'received-by-gateway', details: 'Queued', gatewayRef: '1234' },
    });
  });

  it('fails a message RapidPro rejects as invalid (400), with the reason', () => {
    const r = broadcastResult(400, JSON.stringify({ urns: ['Invalid URN: tel:abc'] }));
    expect(r).toEqual({ outcome: 'done', update: { state: 'failed', details: { reason: expect.stringContaining('RapidPro rejected the message (400)') } } });
  });

  it('retries after a server error, and pauses on refused tokens and throttling', () => {
    expect(broadcastResult(502, '')).toEqual({ outcome: 'retry', reason: 'RapidPro answered 502' });
    expect(broadcastResult(401, '{"detail":"Invalid token."}')).toMatchObject({ outcome: 'retry', halt: true });
    expect(broadcastResult(429, '')).toMatchObject({ outcome: 'retry', halt: true });
  });

  it('counts an accepted broadcast without an id as taken (never resent)', () => {
    expect(broadcastResult(201, 'not json')).toMatchObject({ outcome: 'done', update: { state: 'received-by-gateway' } });
  });

  it('reads a webhook message from content or text, and names a missing field', () => {
    expect(rapidproIncoming({ id: 'r1', from: '+254711000001', content: 'hello' })).toEqual({ id: 'r1', from: '+254711000001', content: 'hello' });
    expect(rapidproIncoming({ id: 7, from: '+254711000001', text: 'hello' })).toEqual({ id: '7', from: '+254711000001', content: 'hello' });
    expect(rapidproIncoming({ id: 'r1', from: 'tel:+254711000001', content: 'hi' })).toEqual({ id: 'r1', from: '+254711000001', content: 'hi' });
    expect(rapidproIncoming({ from: '+254711000001', content: 'x' })).toEqual({ missing: 'id' });
    expect(rapidproIncoming({ id: 'r1', from: '+254711000001', content: '' })).toEqual({ missing: 'content' });
  });
});

describe("Africa's Talking statuses", () => {
  it('maps send status codes as CHT does', () => {
    const states = Object.fromEntries(Object.entries(AT_SEND_STATUSES).map(([k, v]) => [k, v.state]));
    expect(states).toMatchObject({ 100: 'forwarded-by-gateway', 101: 'sent', 102: 'received-by-gateway', 403: 'failed', 406: 'denied' });
    expect(Object.keys(AT_SEND_STATUSES).filter((k) => AT_SEND_STATUSES[Number(k)].retry)).toEqual(['402', '405', '500', '501', '502']);
  });

  it('maps delivery report statuses as CHT does', () => {
    expect(AT_DELIVERY_STATUSES).toEqual({ Sent: 'forwarded-by-gateway', Submitted: 'sent', Buffered: 'sent', Rejected: 'failed', Success: 'delivered', Failed: 'failed' });
    expect(deliveryState('hasOwnProperty')).toBeUndefined();
  });

  it('records AT messageId as gateway_ref of a sent message', () => {
    const body = at([{ statusCode: 101, number: '+254711000001', status: 'Success', cost: 'KES 0.8000', messageId: 'ATXid_1' }]);
    expect(messagingResult(201, body)).toEqual({ outcome: 'done', update: { state: 'sent', details: 'Sent', gatewayRef: 'ATXid_1' } });
  });

  it('denies a blacklisted number (406) and fails an invalid one, without the "None" messageId', () => {
    expect(messagingResult(201, at([{ statusCode: 406, number: '+254711000001', status: 'UserInBlacklist', cost: '0', messageId: 'None' }]))).toEqual({
      outcome: 'done',
      update: { state: 'denied', details: 'UserInBlacklist', gatewayRef: undefined },
    });
    expect(messagingResult(201, at([{ statusCode: 403, number: '+1', status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }]))).toMatchObject({
      update: { state: 'failed', details: 'InvalidPhoneNumber' },
    });
  });

  it('retries what AT did not send but may later (balance, sender id, its own errors)', () => {
    expect(messagingResult(201, at([{ statusCode: 405, number: '+254711000001', status: 'InsufficientBalance', messageId: 'None' }]))).toEqual({
      outcome: 'retry',
      reason: "Africa's Talking: InsufficientBalance (405)",
    });
    expect(messagingResult(201, at([], 'InvalidSenderId'))).toEqual({ outcome: 'retry', reason: "Africa's Talking sent to no recipient: InvalidSenderId" });
    expect(messagingResult(500, 'oops')).toEqual({ outcome: 'retry', reason: "Africa's Talking answered 500" });
    expect(messagingResult(401, 'The supplied authentication is invalid')).toMatchObject({ outcome: 'retry', halt: true });
  });

  it('records an unknown status code as unrecognised', () => {
    expect(messagingResult(201, at([{ statusCode: 999, status: 'Weird', messageId: 'ATXid_9' }]))).toEqual({
      outcome: 'done',
      update: { state: 'unrecognised', details: { gateway_status: 999 }, gatewayRef: 'ATXid_9' },
    });
  });

  it('reads incoming callbacks and delivery reports', () => {
    expect(atIncoming({ id: 'at-in-1', from: '+254711000001', text: 'hi', to: '12345', date: '2025-03-05 10:00:00' })).toEqual({ id: 'at-in-1', from: '+254711000001', content: 'hi' });
    expect(atIncoming({ id: 'x', from: '+254711000001' })).toEqual({ missing: 'text' });
    expect(atDeliveryUpdate({ id: 'ATXid_1', status: 'Success' })).toEqual({ gatewayRef: 'ATXid_1', state: 'delivered', details: undefined });
    expect(atDeliveryUpdate({ id: 'ATXid_1', status: 'Failed', failureReason: 'AbsentSubscriber' })).toEqual({ gatewayRef: 'ATXid_1', state: 'failed', details: 'AbsentSubscriber' });
    expect(atDeliveryUpdate({ id: 'ATXid_1', status: 'Bogus' })).toEqual({ error: 'unknown status "Bogus" for gateway message reference "ATXid_1"' });
  });
});

describe('every mapped state is a CHT task state', () => {
  it.each([
    ...Object.values(GATEWAY_STATUSES),
    ...Object.values(RAPIDPRO_STATUSES).map((s) => s.state),
    ...Object.values(AT_SEND_STATUSES).map((s) => s.state),
    ...Object.values(AT_DELIVERY_STATUSES),
  ])('%s', (state) => expect(isTaskState(state)).toBe(true));
});
