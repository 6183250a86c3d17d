/** At-most-once sending: the claim decision table and what a send leaves on the claim. */
import { decide, outcomeApplied, takeClaim, claimId, UNKNOWN_AFTER_RESTART, type SendClaim } from '../../../gateways/send-claims';
import { settle, RETRY_BACKOFF } from '../../../gateways/push';
import type { Task } from '../../../lib/types';

const NOW = Date.parse('2025-03-05T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const opts = { self: 'me', nowMs: NOW, leaseMs: 60_000 };

function claim(extra: Partial<SendClaim> = {}): SendClaim {
  return {
    _id: claimId('u1'),
    _rev: '1-a',
    type: 'vigil_sms_send',
    message_uuid: 'u1',
    service: 'rapidpro',
    status: 'sending',
    owner: 'me',
    claimed_at: iso(NOW),
    attempts: 0,
    sends: 1,
    ...extra,
  };
}

const pendingTask = (history: Array<{ state: string; timestamp: string }> = [{ state: 'pending', timestamp: iso(NOW - 3_600_000) }]): Task => ({
  state: 'pending',
  messages: [{ uuid: 'u1', to: '+254711000001', message: 'hi' }],
  state_history: history,
});

describe('decide', () => {
  it('sends a message nobody claimed', () => {
    expect(decide(undefined, pendingTask(), opts)).toEqual({ action: 'send' });
  });

  it('leaves a send in flight alone: this process, or another one within its lease', () => {
    expect(decide(claim(), pendingTask(), opts)).toMatchObject({ action: 'skip' });
    expect(decide(claim({ owner: 'other', claimed_at: iso(NOW - 59_000) }), pendingTask(), opts)).toMatchObject({ action: 'skip' });
  });

  it('never resends a claim left without an answer by a dead process: settles it as unknown', () => {
    expect(decide(claim({ owner: 'crashed', claimed_at: iso(NOW - 61_000) }), pendingTask(), opts)).toEqual({ action: 'settle-unknown' });
  });

  it('waits for the retry time of a refused send, then sends again', () => {
    const c = claim({ status: 'retry', attempts: 2, next_attempt_at: iso(NOW + 1000) });
    expect(decide(c, pendingTask(), opts)).toMatchObject({ action: 'skip', why: 'waiting to retry' });
    expect(decide(c, pendingTask(), { ...opts, nowMs: NOW + 1000 })).toEqual({ action: 'send' });
  });

  it('applies a recorded outcome that never reached the message, without sending', () => {
    const c = claim({ status: 'done', outcome: { state: 'received-by-gateway', details: 'Queued', gatewayRef: '77', at: iso(NOW - 1000) } });
    expect(decide(c, pendingTask(), opts)).toEqual({ action: 'apply', update: { messageId: 'u1', state: 'received-by-gateway', details: 'Queued', gatewayRef: '77' } });
  });

  it('sends again a message re-queued after its outcome was recorded on it', () => {
    const at = iso(NOW - 1000);
    const c = claim({ status: 'done', outcome: { state: 'failed', details: { reason: 'x' }, at } });
    const task = pendingTask([
      { state: 'pending', timestamp: iso(NOW - 5000) },
      { state: 'failed', timestamp: at },
      { state: 'pending', timestamp: iso(NOW - 10) },
    ]);
    expect(decide(c, task, opts)).toEqual({ action: 'send' });
  });

  it('does not mistake an older entry of the same state for the recorded outcome', () => {
    const c = claim({ status: 'done', outcome: { state: 'failed', at: iso(NOW - 1000) } });
    const task = pendingTask([
      { state: 'failed', timestamp: iso(NOW - 9000) },
      { state: 'pending', timestamp: iso(NOW - 5000) },
    ]);
    expect(outcomeApplied(task, c.outcome!)).toBe(false);
    expect(decide(c, task, opts).action).toBe('apply');
  });
});

describe('takeClaim', () => {
  it('creates a claim owned by this process', () => {
    expect(takeClaim(undefined, 'u1', 'rapidpro', 'me', iso(NOW))).toEqual({
      _id: 'vigil:sms-send:u1',
      type: 'vigil_sms_send',
      message_uuid: 'u1',
      service: 'rapidpro',
      status: 'sending',
      owner: 'me',
      claimed_at: iso(NOW),
      attempts: 0,
      sends: 1,
      next_attempt_at: undefined,
      last_error: undefined,
      outcome: undefined,
    });
  });

  it('keeps the attempts of a retry, and starts over for a re-queued message', () => {
    expect(takeClaim(claim({ status: 'retry', attempts: 3, last_error: 'e' }), 'u1', 'rapidpro', 'me', iso(NOW))).toMatchObject({ _rev: '1-a', attempts: 3, sends: 1, last_error: 'e' });
    expect(takeClaim(claim({ status: 'done', attempts: 3, sends: 1, outcome: { state: 'failed', at: iso(NOW) } }), 'u1', 'rapidpro', 'me', iso(NOW))).toMatchObject({
      attempts: 0,
      sends: 2,
      outcome: undefined,
    });
  });
});

describe('settle', () => {
  const base = { nowMs: NOW, maxAttempts: 3, random: () => 0.5 };

  it('records a provider answer as the outcome', () => {
    const r = settle(claim(), { outcome: 'done', update: { state: 'sent', details: 'Sent', gatewayRef: 'ATXid_1' } }, base);
    expect(r.update).toEqual({ state: 'sent', details: 'Sent', gatewayRef: 'ATXid_1' });
    expect(r.claim).toMatchObject({ status: 'done', outcome: { state: 'sent', gatewayRef: 'ATXid_1', at: iso(NOW) } });
  });

  it('fails a message that may have been sent, never to retry it', () => {
    const r = settle(claim(), { outcome: 'unknown', reason: 'no response within 10 s' }, base);
    expect(r.update).toEqual({ state: 'failed', details: { reason: 'send outcome unknown: no response within 10 s' } });
    expect(r.claim.status).toBe('done');
  });

  it('schedules a refused send again with backoff, counting attempts', () => {
    const r = settle(claim({ attempts: 1 }), { outcome: 'retry', reason: 'RapidPro answered 503' }, base);
    expect(r.update).toBeUndefined();
    expect(r.claim).toMatchObject({ status: 'retry', attempts: 2, last_error: 'RapidPro answered 503' });
    const delay = Date.parse(r.claim.next_attempt_at as string) - NOW;
    expect(delay).toBeGreaterThanOrEqual(RETRY_BACKOFF.baseMs);
    expect(delay).toBeLessThanOrEqual(RETRY_BACKOFF.maxMs);
  });

  it('fails a message refused maxAttempts times, with the last reason', () => {
    const r = settle(claim({ attempts: 2 }), { outcome: 'retry', reason: 'RapidPro answered 503' }, base);
    expect(r.update).toEqual({ state: 'failed', details: { reason: 'not accepted after 3 attempts: RapidPro answered 503' } });
    expect(r.claim.status).toBe('done');
  });

  it('does not count a pause (refused credentials, throttling) as an attempt', () => {
    const r = settle(claim({ attempts: 2 }), { outcome: 'retry', reason: 'rate limit', halt: true }, base);
    expect(r.claim).toMatchObject({ status: 'retry', attempts: 2 });
  });

  it('names the unknown-outcome reason CHT users will search for', () => {
    expect(UNKNOWN_AFTER_RESTART).toBe('send outcome unknown after restart');
  });
});
