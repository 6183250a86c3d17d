import { DateTime } from 'luxon';
import { formatMoment, intlLocale, momentToLuxonFormat } from '../../../lib/messages/date-format';
import { formatDateText, parseDateValue } from '../../../lib/messages/dates';

// Sunday 2024-05-05 09:07:03.045 UTC
const dt = DateTime.fromMillis(Date.UTC(2024, 4, 5, 9, 7, 3, 45), { zone: 'UTC' }).setLocale('en');

describe('formatMoment (moment patterns on luxon)', () => {
  it.each([
    ['DD-MMM-YYYY', '05-May-2024'],
    ['DD-MMM-YYYY HH:mm:ss', '05-May-2024 09:07:03'],
    ['D/M/YY', '5/5/24'],
    ['Do MMMM YYYY', '5th May 2024'],
    ['dddd, ddd, dd, d', 'Sunday, Sun, Su, 0'],
    ['h:mm A', '9:07 AM'],
    ['hh:mm a', '09:07 am'],
    ['k kk', '9 09'],
    ['[Week] W, [day] DDD', 'Week 18, day 126'],
    ['YYYY-MM-DDTHH:mm:ssZ', '2024-05-05T09:07:03+00:00'],
    ['ZZ', '+0000'],
    ['SSS S SS', '045 0 04'],
    ['X', String(Date.UTC(2024, 4, 5, 9, 7, 3) / 1000)],
    ['x', String(Date.UTC(2024, 4, 5, 9, 7, 3, 45))],
    ['Q Qo Mo', '2 2nd 5th'],
    ['LL', 'May 5, 2024'],
    ['L LT', '05/05/2024 9:07 AM'],
    ['\\Y\\e\\a\\r YYYY', 'Year 2024'],
    ['[it\'s] YYYY', "it's 2024"],
    // like moment, letters that are tokens are formatted even inside words (`e` = weekday)
    ['YYYY/MM/DD - note', '2024/05/05 - not0'],
    ['E', '7'],
  ])('%s → %s', (pattern, expected) => {
    expect(formatMoment(dt, pattern)).toBe(expected);
  });

  it('copies characters moment does not treat as tokens', () => {
    expect(formatMoment(dt, 'YYYY|MM|DD @ #!')).toBe('2024|05|05 @ #!');
  });

  it('uses English ordinals for 11th-13th and 21st-23rd', () => {
    const day = (d: number) => formatMoment(dt.set({ day: d }), 'Do');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(day)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '31st',
    ]);
  });

  it('localises month and weekday names', () => {
    expect(formatMoment(dt.setLocale('fr'), 'dddd D MMMM YYYY')).toBe('dimanche 5 mai 2024');
    expect(formatMoment(dt.setLocale('es'), 'D [de] MMMM')).toBe('5 de mayo');
  });

  it('formats in the zone of the DateTime', () => {
    expect(formatMoment(dt.setZone('America/New_York'), 'DD HH:mm Z')).toBe('05 05:07 -04:00');
  });
});

describe('momentToLuxonFormat', () => {
  it('translates tokens and quotes literals', () => {
    expect(momentToLuxonFormat('DD-MMM-YYYY')).toBe("dd'-'LLL'-'yyyy");
    expect(momentToLuxonFormat('DD-MMM-YYYY HH:mm:ss')).toBe("dd'-'LLL'-'yyyy' 'HH':'mm':'ss");
    expect(momentToLuxonFormat('[at] HH')).toBe("'at'' 'HH");
  });

  it('returns undefined for tokens luxon cannot express', () => {
    expect(momentToLuxonFormat('Do MMMM')).toBeUndefined();
  });
});

describe('date values', () => {
  it('parses numbers, ISO (also with a space), RFC 2822 and the Date fallback', () => {
    const ms = (s: string, zone = 'UTC') => parseDateValue(s, zone)?.toMillis();
    expect(ms('1714557600000')).toBe(1714557600000);
    expect(ms('2024-05-01T10:00:00.000Z')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(ms('2024-05-01 10:00', 'Africa/Nairobi')).toBe(Date.UTC(2024, 4, 1, 7));
    expect(ms('2024-05-01', 'Africa/Nairobi')).toBe(Date.UTC(2024, 3, 30, 21));
    expect(ms('Wed, 01 May 2024 10:00:00 +0300')).toBe(Date.UTC(2024, 4, 1, 7));
    expect(ms('May 1, 2024 10:00', 'Africa/Nairobi')).toBe(Date.UTC(2024, 4, 1, 7));
    expect(ms('Wed May 01 2024 10:00:00 GMT+0300 (East Africa Time)', 'UTC')).toBe(Date.UTC(2024, 4, 1, 7));
    expect(parseDateValue('nope', 'UTC')).toBeUndefined();
    expect(parseDateValue('', 'UTC')).toBeUndefined();
  });

  it('formats with the default pattern when none is set and reports invalid input', () => {
    expect(formatDateText('0', undefined, 'UTC', 'en')).toBe('1970-01-01T00:00:00+00:00');
    expect(formatDateText('0', '', 'UTC', 'en')).toBe('1970-01-01T00:00:00+00:00');
    expect(formatDateText('garbage', 'YYYY', 'UTC', 'en')).toBe('Invalid date');
  });

  it('falls back to English for locales Intl does not know or cannot parse', () => {
    expect(intlLocale('fr')).toBe('fr');
    expect(intlLocale('en_US')).toBe('en-US');
    expect(intlLocale('qq')).toBe('en');
    expect(intlLocale('!!')).toBe('en');
    expect(intlLocale(undefined)).toBe('en');
  });
});
