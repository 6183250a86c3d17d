import { applyMuteState, isHistoryUpToDate, isLastUpdatedByClient } from '../../../lib/muting/contact';
import { EARLIER, NOW } from './fixtures';

describe('applyMuteState', () => {
  it('mutes an unmuted contact with the new timestamp', () => {
    const c: any = { _id: 'c' };
    expect(applyMuteState(c, NOW, NOW)).toBe(true);
    expect(c.muted).toBe(NOW);
    expect(c.muting_history).toBeUndefined();
  });

  it('keeps the timestamp of an already-muted contact without history (MUT-07), and reports no change', () => {
    const c: any = { _id: 'c', muted: EARLIER };
    expect(applyMuteState(c, NOW, NOW)).toBe(false);
    expect(c.muted).toBe(EARLIER);
  });

  it('keeps the timestamp when the server-side history already says muted', () => {
    const c: any = { _id: 'c', muted: EARLIER, muting_history: { last_update: 'server_side', server_side: { muted: true, date: EARLIER } } };
    expect(applyMuteState(c, NOW, NOW)).toBe(false);
    expect(c.muted).toBe(EARLIER);
  });

  it('writes the new timestamp and the server_side entry when the last update was client-side', () => {
    const c: any = { _id: 'c', muted: 3000, muting_history: { last_update: 'client_side', client_side: [{ muted: true }] } };
    expect(applyMuteState(c, NOW, NOW)).toBe(true);
    expect(c.muted).toBe(NOW);
    expect(c.muting_history.server_side).toEqual({ muted: true, date: NOW });
    expect(c.muting_history.last_update).toBe('server_side');
    expect(c.muting_history.client_side).toEqual([{ muted: true }]);
  });

  it('unmutes: deletes muted, dates the server_side entry with now', () => {
    const c: any = { _id: 'c', muted: EARLIER, muting_history: { last_update: 'server_side', server_side: { muted: true, date: EARLIER } } };
    expect(applyMuteState(c, false, NOW)).toBe(true);
    expect('muted' in c).toBe(false);
    expect(c.muting_history.server_side).toEqual({ muted: false, date: NOW });
  });

  it('unmuting an unmuted contact without history changes nothing', () => {
    const c: any = { _id: 'c' };
    expect(applyMuteState(c, false, NOW)).toBe(false);
    expect(c).toEqual({ _id: 'c' });
  });
});

describe('history predicates', () => {
  it('up to date: no history, or server-side with the same flag', () => {
    expect(isHistoryUpToDate({ _id: 'c' }, true)).toBe(true);
    expect(isHistoryUpToDate({ _id: 'c', muting_history: { last_update: 'server_side', server_side: { muted: false } } }, true)).toBe(false);
    expect(isHistoryUpToDate({ _id: 'c', muting_history: { last_update: 'client_side', server_side: { muted: true } } }, true)).toBe(false);
  });

  it('last updated by the client', () => {
    expect(isLastUpdatedByClient({ _id: 'c', muting_history: { last_update: 'client_side' } })).toBe(true);
    expect(isLastUpdatedByClient({ _id: 'c' })).toBe(false);
  });
});
