import { appendMutingHistory, clientEventsAfter, lastReportId, replayQueue } from '../../../lib/muting/history';
import { EARLIER, NOW } from './fixtures';

describe('appendMutingHistory', () => {
  it('creates the history and appends entries', () => {
    const info: any = {};
    expect(appendMutingHistory(info, { muted: true, date: NOW, report_id: 'r1' })).toBe(true);
    expect(appendMutingHistory(info, { muted: false, date: NOW, report_id: 'r2' })).toBe(true);
    expect(info.muting_history).toEqual([
      { muted: true, date: NOW, report_id: 'r1' },
      { muted: false, date: NOW, report_id: 'r2' },
    ]);
  });

  it('skips an entry equal to the last one in flag and report id, whatever its date', () => {
    const info: any = { muting_history: [{ muted: true, date: EARLIER, report_id: 'r1' }] };
    expect(appendMutingHistory(info, { muted: true, date: NOW, report_id: 'r1' })).toBe(false);
    expect(info.muting_history).toHaveLength(1);
  });

  it('appends when only the flag or only the report id repeats', () => {
    const info: any = { muting_history: [{ muted: true, date: EARLIER, report_id: 'r1' }] };
    expect(appendMutingHistory(info, { muted: false, date: NOW, report_id: 'r1' })).toBe(true);
    expect(appendMutingHistory(info, { muted: false, date: NOW, report_id: 'r2' })).toBe(true);
    expect(info.muting_history).toHaveLength(3);
  });
});

describe('client-side events', () => {
  const history = (...events: any[]) => ({ _id: 'c', muting_history: { last_update: 'client_side', client_side: events } });

  it('lastReportId', () => {
    expect(lastReportId([{ report_id: 'a' }, { report_id: 'b' }])).toBe('b');
    expect(lastReportId([])).toBeUndefined();
    expect(lastReportId(undefined)).toBeUndefined();
  });

  it('collects the events after the first event of the report, in every contact', () => {
    const a = history({ report_id: 'r1', date: 1, muted: true }, { report_id: 'r2', date: 2, muted: false }, { report_id: 'r1', date: 4, muted: true });
    const b = history({ report_id: 'r0', date: 0 }, { report_id: 'r1', date: 1 }, { report_id: 'r3', date: 3 });
    const c = history({ report_id: 'r9', date: 9 });
    expect(clientEventsAfter([a, b, c, { _id: 'd' }], 'r1').map((e) => e.report_id)).toEqual(['r2', 'r1', 'r3']);
  });

  it('ignores events without a report id or a date', () => {
    const a = history({ report_id: 'r1' }, { report_id: 'r1', date: 1 }, { date: 2 }, { report_id: 'r2', date: 3 });
    expect(clientEventsAfter([a], 'r1').map((e) => e.report_id)).toEqual(['r2']);
  });

  it('replays in date order compared as strings, first occurrence of each report wins', () => {
    const queue = replayQueue([
      { report_id: 'b', date: 4000 },
      { report_id: 'a', date: 2000 },
      { report_id: 'c', date: 10000 }, // "10000" < "2000" as strings, as in CHT
      { report_id: 'a', date: 4000 },
    ]);
    expect(queue).toEqual(['c', 'a', 'b']);
  });
});
