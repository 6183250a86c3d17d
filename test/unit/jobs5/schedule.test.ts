/** reminderSchedule / previousOccurrence: the occurrence a reminder run sends, in an IANA zone. */
import { previousOccurrence, reminderSchedule, type ReminderSchedule } from '../../../schedules/reminders/schedule';

const ms = (iso: string) => Date.parse(iso);
const iso = (n: number | undefined) => (n === undefined ? undefined : new Date(n).toISOString());
const schedule = (config: { text_expression?: string; cron?: string }): ReminderSchedule => {
  const r = reminderSchedule(config);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
};
// 2025-03-05 is a Wednesday
const NOW = ms('2025-03-05T10:00:00.000Z');
const DAY_AGO = NOW - 86_400_000;

describe('reminderSchedule', () => {
  it('prefers text_expression over cron, as CHT', () => {
    const r = reminderSchedule({ text_expression: 'at 9:00', cron: '30 7 * * *' });
    expect(r.ok && r.source).toBe('text_expression');
    expect(r.ok && r.schedule.minutes).toEqual([540]);
  });

  it('uses cron when there is no text_expression', () => {
    const r = reminderSchedule({ text_expression: '', cron: '0,30 9-10 * * 1-5' });
    expect(r.ok && r.source).toBe('cron');
    expect(r.ok && r.schedule.minutes).toEqual([540, 570, 600, 630]);
  });

  it('says which key is wrong', () => {
    expect(reminderSchedule({ text_expression: 'every 5 minutes', cron: '0 9 * * *' })).toMatchObject({ ok: false, key: 'text_expression' });
    expect(reminderSchedule({ cron: '0 9 * *' })).toMatchObject({ ok: false, key: 'cron', error: expect.stringMatching(/5 fields/) });
    expect(reminderSchedule({})).toMatchObject({ ok: false, error: expect.stringMatching(/needs a text_expression or a cron/) });
  });
});

describe('previousOccurrence', () => {
  it('finds the latest occurrence in (after, atOrBefore]', () => {
    const s = schedule({ text_expression: 'at 09:00 on Wed' });
    expect(iso(previousOccurrence(s, DAY_AGO, NOW, 'UTC'))).toBe('2025-03-05T09:00:00.000Z');
    // start is exclusive: a run logged at 09:00 does not run again
    expect(previousOccurrence(s, ms('2025-03-05T09:00:00.000Z'), NOW, 'UTC')).toBeUndefined();
    // the end is inclusive
    expect(iso(previousOccurrence(s, DAY_AGO, ms('2025-03-05T09:00:00.000Z'), 'UTC'))).toBe('2025-03-05T09:00:00.000Z');
    expect(previousOccurrence(s, DAY_AGO, ms('2025-03-05T08:59:59.999Z'), 'UTC')).toBeUndefined();
  });

  it('takes the latest of several times and days', () => {
    const s = schedule({ text_expression: 'at 8:00 and 17:00 on tue and wed' });
    expect(iso(previousOccurrence(s, DAY_AGO, NOW, 'UTC'))).toBe('2025-03-05T08:00:00.000Z');
    expect(iso(previousOccurrence(s, DAY_AGO, ms('2025-03-05T07:00:00Z'), 'UTC'))).toBe('2025-03-04T17:00:00.000Z');
  });

  it('reads wall-clock times in the zone (vigil fix: not the server time)', () => {
    const s = schedule({ text_expression: 'at 9:00 am on Wed' });
    // 09:00 in Nairobi (UTC+3) is 06:00Z
    expect(iso(previousOccurrence(s, DAY_AGO, NOW, 'Africa/Nairobi'))).toBe('2025-03-05T06:00:00.000Z');
    // the weekday is the local one too: Wed 09:00 in Kiritimati (UTC+14) is Tue 19:00Z
    expect(iso(previousOccurrence(s, DAY_AGO - 86_400_000, NOW, 'Pacific/Kiritimati'))).toBe('2025-03-04T19:00:00.000Z');
  });

  it('fires once on a day a DST change repeats the time, and at the moved time when it skips it', () => {
    const s = schedule({ text_expression: 'at 1:30 am' });
    // 2025-11-02: 01:30 happens twice in New York (05:30Z EDT, 06:30Z EST)
    const fallBack = ms('2025-11-02T12:00:00Z');
    const first = previousOccurrence(s, fallBack - 86_400_000, fallBack, 'America/New_York');
    expect(first).toBeDefined();
    expect([ms('2025-11-02T05:30:00Z'), ms('2025-11-02T06:30:00Z')]).toContain(first);
    expect(previousOccurrence(s, first!, fallBack, 'America/New_York')).toBeUndefined();
    // 2025-03-09: 02:30 does not exist in New York; it fires at 03:30 EDT (07:30Z)
    const spring = schedule({ text_expression: 'at 2:30 am' });
    expect(iso(previousOccurrence(spring, ms('2025-03-09T00:00:00Z'), ms('2025-03-09T12:00:00Z'), 'America/New_York'))).toBe('2025-03-09T07:30:00.000Z');
  });

  it('follows cron fields (day of month AND weekday, as later.js)', () => {
    const s = schedule({ cron: '15 9 5 * 3' });
    expect(iso(previousOccurrence(s, DAY_AGO, NOW, 'UTC'))).toBe('2025-03-05T09:15:00.000Z');
    expect(previousOccurrence(schedule({ cron: '15 9 5 * 4' }), DAY_AGO, NOW, 'UTC')).toBeUndefined();
    expect(iso(previousOccurrence(schedule({ cron: '*/7 9 * * *' }), DAY_AGO, NOW, 'UTC'))).toBe('2025-03-05T09:56:00.000Z');
    expect(iso(previousOccurrence(schedule({ cron: '* * * * *' }), DAY_AGO, NOW, 'UTC'))).toBe('2025-03-05T10:00:00.000Z');
  });

  it('returns nothing for an empty or reversed window', () => {
    const s = schedule({ cron: '* * * * *' });
    expect(previousOccurrence(s, NOW, NOW, 'UTC')).toBeUndefined();
    expect(previousOccurrence(s, NOW, DAY_AGO, 'UTC')).toBeUndefined();
  });
});
