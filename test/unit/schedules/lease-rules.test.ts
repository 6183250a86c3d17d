import { isLeaseFree, leaseId, releaseLease, renewIntervalMs, renewLease, takeLease, type LeaseDoc } from '../../../schedules/lease-rules';

const T0 = Date.parse('2025-03-05T10:00:00.000Z');
const TTL = 60_000;

describe('lease rules', () => {
  it('names the lease doc after the job', () => {
    expect(leaseId('due_tasks')).toBe('vigil:lease:due_tasks');
  });

  it('is free when absent, released, deleted, expired or unreadable; held until expires_at', () => {
    const held = takeLease('due_tasks', 'a', T0, TTL);
    expect(isLeaseFree(undefined, T0)).toBe(true);
    expect(isLeaseFree(held, T0)).toBe(false);
    expect(isLeaseFree(held, T0 + TTL - 1)).toBe(false);
    expect(isLeaseFree(held, T0 + TTL)).toBe(true);
    expect(isLeaseFree({ ...held, released_at: new Date(T0).toISOString() }, T0)).toBe(true);
    expect(isLeaseFree({ ...held, _deleted: true }, T0)).toBe(true);
    expect(isLeaseFree({ ...held, expires_at: 'soon' }, T0)).toBe(true);
  });

  it('takes a lease over the previous version (keeping its _rev so a race conflicts)', () => {
    const previous = { ...takeLease('due_tasks', 'old', T0 - 2 * TTL, TTL), _rev: '3-abc' };
    const taken = takeLease('due_tasks', 'new', T0, TTL, previous);
    expect(taken).toEqual({
      _id: 'vigil:lease:due_tasks',
      _rev: '3-abc',
      type: 'vigil_lease',
      job: 'due_tasks',
      holder: 'new',
      acquired_at: '2025-03-05T10:00:00.000Z',
      renewed_at: '2025-03-05T10:00:00.000Z',
      expires_at: '2025-03-05T10:01:00.000Z',
    });
    expect(takeLease('due_tasks', 'new', T0, TTL)).not.toHaveProperty('_rev');
  });

  it('renews and releases only for its holder', () => {
    const held: LeaseDoc = { ...takeLease('due_tasks', 'a', T0, TTL), _rev: '1-x' };
    expect(renewLease(held, 'b', T0 + 20_000, TTL)).toBeUndefined();
    expect(renewLease(held, 'a', T0 + 20_000, TTL)).toMatchObject({ _rev: '1-x', holder: 'a', acquired_at: held.acquired_at, expires_at: '2025-03-05T10:01:20.000Z' });
    expect(releaseLease(held, 'b', T0)).toBeUndefined();
    const released = releaseLease(held, 'a', T0 + 5_000)!;
    expect(released).toMatchObject({ released_at: '2025-03-05T10:00:05.000Z', expires_at: '2025-03-05T10:00:05.000Z' });
    expect(isLeaseFree(released, T0 + 5_000)).toBe(true);
    expect(renewLease(released, 'a', T0 + 6_000, TTL)).toBeUndefined();
  });

  it('renews every third of the ttl', () => {
    expect(renewIntervalMs(60_000)).toBe(20_000);
    expect(renewIntervalMs(30)).toBe(100);
  });
});
