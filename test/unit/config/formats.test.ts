import { cronProblem, isDuration, isSendDay, isSendTime, isIanaZone, isIsoDate } from '../../../lib/config/schema/formats';

describe('settings string formats', () => {
  it.each(['12 weeks', '1 week', '-12 weeks', '1.5 months', '0 days', '8 days', '30 minutes', '1 year', '2 seconds'])('%j is a duration', (v) => {
    expect(isDuration(v)).toBe(true);
  });

  it.each(['12', 'weeks', '12 wekes', '12  weeks', ' 12 weeks', '12 Weeks', '2x days', '2 weekly', '2 days ago', '2 days.', ''])(
    '%j is not a duration',
    (v) => {
      expect(isDuration(v)).toBe(false);
    },
  );

  it.each(['09:00', '9:00', '9', '23:59', '08:00 +0000', '09:00 +03:00', '09:00 +03', '09:00 Z', '00:30 -05:00'])('%j is a send_time', (v) => {
    expect(isSendTime(v)).toBe(true);
  });

  it.each(['24:00', '09:60', '9am', '09:00 Africa/Nairobi', '09:00:00', 'x'])('%j is not a send_time', (v) => {
    expect(isSendTime(v)).toBe(false);
  });

  it('send_day: names, abbreviations and 0-6', () => {
    for (const v of ['monday', 'Monday', 'mon', 'Mo', 'SUNDAY', '0', '6']) expect(isSendDay(v)).toBe(true);
    for (const v of ['funday', '7', 'mondays', 'm']) expect(isSendDay(v)).toBe(false);
  });

  it('cron: five plain fields as cron-validator accepts them', () => {
    for (const v of ['0 22 * * *', '*/5 * * * *', '0 9 * * 1-5', '0,30 8-18/2 1 1,6 0']) expect(cronProblem(v)).toBeUndefined();
    expect(cronProblem('0 22 * *')).toMatch(/5 fields/);
    expect(cronProblem('61 * * * *')).toMatch(/^minute must be within 0-59/);
    expect(cronProblem('0 0 * * 7')).toMatch(/^day of week/);
    expect(cronProblem('0 0 * JAN *')).toMatch(/^month field/);
    expect(cronProblem('0 0 ? * *')).toMatch(/^day of month field/);
  });

  it('IANA zones and ISO dates', () => {
    expect(isIanaZone('Africa/Nairobi')).toBe(true);
    expect(isIanaZone('UTC')).toBe(true);
    expect(isIanaZone('Africa/Nairobbi')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
  });
});
