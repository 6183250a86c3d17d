/** The pupil function library (spec 2.7), JS coercion cases included. */
import { isValidPhone } from '../../../lib/validation';
import { check, makeEnv, NOW } from './helpers';

const is = (rule: string, v: unknown, extra: Record<string, unknown> = {}, env = makeEnv()) => check(rule, { v, ...extra }, 'v', env);

describe('equality functions', () => {
  it('equals is loose', async () => {
    expect(await is('equals(5)', '5')).toBe(true);
    expect(await is("equals('a')", 'A')).toBe(false);
    expect(await is("equals('0')", 0)).toBe(true);
  });

  it('sequals is strict, so a number argument never equals a string value', async () => {
    expect(await is('sequals(5)', '5')).toBe(false);
    expect(await is("sequals('5')", '5')).toBe(true);
  });

  it('iequals / siequals lower-case both sides and throw on non-strings', async () => {
    expect(await is("iequals('ABC')", 'abc')).toBe(true);
    expect(await is("siequals('ABC')", 'abd')).toBe(false);
    await expect(is("iequals('5')", 5)).rejects.toThrow(TypeError);
    // '' gives no argument: lower-casing undefined throws too
    await expect(is("siequals('')", 'x')).rejects.toThrow(TypeError);
  });

  it('in is a loose match against any argument', async () => {
    expect(await is("in('a', 'b')", 'b')).toBe(true);
    expect(await is('in(1, 2)', '2')).toBe(true);
    expect(await is("in('a')", 'c')).toBe(false);
    expect(await is('in()', '')).toBe(false);
  });

  it('equalsTo compares loosely with another field', async () => {
    expect(await is("equalsTo('other')", '5', { other: 5 })).toBe(true);
    expect(await is("equalsTo('other')", '5', { other: 6 })).toBe(false);
  });
});

describe('length functions', () => {
  it('lenMin / lenMax use value.length', async () => {
    expect(await is('lenMin(3) && lenMax(3)', 'abc')).toBe(true);
    expect(await is('lenMin(4)', 'abc')).toBe(false);
    expect(await is('lenMax(2)', 'abc')).toBe(false);
    expect(await is("lenMin('2')", 'abc')).toBe(true);
  });

  it('numbers have no length, so lenMin and lenMax fail', async () => {
    expect(await is('lenMin(1)', 12345)).toBe(false);
    expect(await is('lenMax(10)', 12345)).toBe(false);
  });

  it('a missing other field has no length at all: throws', async () => {
    await expect(is("otherLenMin('missing', 1)", 'x')).rejects.toThrow(TypeError);
  });

  it('lenEquals compares the string length with parseInt(n)', async () => {
    expect(await is('lenEquals(3)', 123)).toBe(true);
    expect(await is("lenEquals('3 chars')", 'abc')).toBe(true);
    expect(await is('lenEquals(2)', 'abc')).toBe(false);
  });
});

describe('numeric functions', () => {
  it('min / max / between compare parseFloat(value), inclusive', async () => {
    expect(await is('min(10)', '10')).toBe(true);
    expect(await is('min(10)', 9)).toBe(false);
    expect(await is('max(10)', '12abc')).toBe(false);
    expect(await is('max(10)', '9.5kg')).toBe(true);
    expect(await is('between(1, 10)', '1')).toBe(true);
    expect(await is('between(1, 10)', '10')).toBe(true);
    expect(await is('between(1, 10)', '11')).toBe(false);
  });

  it('min / max / between fail on the empty string (NaN)', async () => {
    expect(await is('min(0)', '')).toBe(false);
    expect(await is('max(0)', '')).toBe(false);
    expect(await is('between(0, 1)', undefined)).toBe(false);
  });

  it('numeric: parseFloat not NaN and finite', async () => {
    for (const v of ['12', '1e3', ' 5 ', '-1.5', 0]) expect(await is('numeric()', v)).toBe(true);
    for (const v of ['', '12abc', 'abc', 'Infinity']) expect(await is('numeric()', v)).toBe(false);
  });

  it('integer: parseInt(value) == value', async () => {
    for (const v of ['0', '1', '2080', '-2', '   5', 7]) expect(await is('integer()', v)).toBe(true);
    for (const v of ['', 'a', '56b', '2.3', '-', 2.5]) expect(await is('integer()', v)).toBe(false);
  });
});

describe('presence and pattern functions', () => {
  it('required is !!value: "", 0 and false fail, the string "0" passes', async () => {
    expect(await is('required()', '')).toBe(false);
    expect(await is('required()', 0)).toBe(false);
    expect(await is('required()', false)).toBe(false);
    expect(await is('required()', '0')).toBe(true);
    expect(await is('required', 'x')).toBe(true);
  });

  it('optional always passes', async () => {
    expect(await is('optional()', '')).toBe(true);
  });

  it('alpha / alphanumeric', async () => {
    expect(await is('alpha()', 'abcXYZ')).toBe(true);
    expect(await is('alpha()', 'ab1')).toBe(false);
    expect(await is('alpha()', '')).toBe(false);
    expect(await is('alphanumeric()', 'ab1')).toBe(true);
    expect(await is('alphanumeric()', 'ab-1')).toBe(false);
    // JS coercion: a missing other field is the string "undefined"
    expect(await is("otherAlpha('missing')", '')).toBe(true);
  });

  it('email: x@y.tld with a 2-4 letter TLD', async () => {
    expect(await is('email()', 'first.last+x@example.org')).toBe(true);
    expect(await is('email()', 'A@B.CO')).toBe(true);
    expect(await is('email()', 'a@b.museum')).toBe(false);
    expect(await is('email()', 'a@b')).toBe(false);
  });

  it('regex is unanchored unless the pattern is, with optional flags', async () => {
    expect(await is("regex('abc')", 'xabcx')).toBe(true);
    expect(await is("regex('^abc$')", 'xabcx')).toBe(false);
    expect(await is("regex('^ABC$', 'i')", 'abc')).toBe(true);
    expect(await is("regex('^\\d{5}$')", '12345')).toBe(true);
    expect(await is("regex('^\\d{5}$')", '1234a')).toBe(false);
    // '' gives no argument: new RegExp(undefined) matches everything
    expect(await is("regex('')", 'anything')).toBe(true);
    await expect(is("regex('(')", 'x')).rejects.toThrow(SyntaxError);
  });
});

describe('date functions', () => {
  const reported = { reported_date: NOW }; // 2025-03-05T10:00Z

  it('isAfter: value day >= reported_date + duration', async () => {
    expect(await is("isAfter('2 days')", '2025-03-07', reported)).toBe(true);
    expect(await is("isAfter('2 days')", '2025-03-07T00:00:00', reported)).toBe(true);
    expect(await is("isAfter('2 days')", '2025-03-06T23:59:00', reported)).toBe(false);
    expect(await is("isAfter('1 month')", Date.UTC(2025, 3, 5), reported)).toBe(true);
    expect(await is("isAfter('1 month')", Date.UTC(2025, 3, 4), reported)).toBe(false);
  });

  it('isBefore: value day <= reported_date - duration', async () => {
    expect(await is("isBefore('1 weeks')", '2025-02-26', reported)).toBe(true);
    expect(await is("isBefore('1 weeks')", '2025-02-27', reported)).toBe(false);
    expect(await is("isBefore('1 years')", '2024-03-05T23:00:00', reported)).toBe(true);
  });

  it('accepts moment unit aliases; an unknown unit is a zero duration; no unit means milliseconds', async () => {
    expect(await is("isAfter('2 d')", '2025-03-07', reported)).toBe(true);
    expect(await is("isAfter('2 Days')", '2025-03-07', reported)).toBe(true);
    expect(await is("isAfter('2 fortnights')", '2025-03-05', reported)).toBe(true);
    expect(await is("isAfter('5')", '2025-03-05', reported)).toBe(true);
  });

  it('fails on an invalid duration or an unparseable date', async () => {
    expect(await is("isAfter('x days')", '2025-03-07', reported)).toBe(false);
    expect(await is("isAfter('2 D')", '2025-03-07', reported)).toBe(false);
    expect(await is('isAfter()', '2025-03-07', reported)).toBe(false);
    expect(await is('isAfter(2)', '2025-03-07', reported)).toBe(false);
    expect(await is("isAfter('1 days')", 'not a date', reported)).toBe(false);
    expect(await is("isBefore('1 days')", '', reported)).toBe(false);
  });

  it('counts days in the clock zone', async () => {
    // reported 2025-03-05T02:00Z = March 4, 21:00 in New York
    const early = { reported_date: Date.UTC(2025, 2, 5, 2, 0) };
    expect(await is("isAfter('2 days')", '2025-03-06', early, makeEnv({ zone: 'America/New_York' }))).toBe(true);
    expect(await is("isAfter('2 days')", '2025-03-06', early, makeEnv({ zone: 'UTC' }))).toBe(false);
  });

  it('isISOWeek checks the named fields, not the property', async () => {
    expect(await is("isISOWeek('week', 'year')", '', { week: '53', year: '2020' })).toBe(true);
    expect(await is("isISOWeek('week', 'year')", '', { week: 53, year: 2021 })).toBe(false);
    expect(await is("isISOWeek('week', 'year')", '', { week: '0', year: '2021' })).toBe(false);
    expect(await is("isISOWeek('week', 'year')", '', { week: '5a', year: '2021' })).toBe(false);
    expect(await is("isISOWeek('week', 'year')", '', { week: '5', year: '21' })).toBe(false);
    expect(await is("isISOWeek('week', 'year')", '', { week: '5' })).toBe(false);
    expect(await is("isISOWeek('week')", '', {})).toBe(false);
  });

  it('isISOWeek without a year field uses the engine clock year', async () => {
    // 2025 has 52 ISO weeks, 2026 has 53
    expect(await is("isISOWeek('week')", '', { week: '53' })).toBe(false);
    expect(await is("isISOWeek('week')", '', { week: '52' })).toBe(true);
    expect(await is("isISOWeek('week')", '', { week: '53' }, makeEnv({ now: Date.UTC(2026, 5, 1) }))).toBe(true);
  });
});

describe('phone functions', () => {
  const kenya = { default_country_code: 254 };

  it('isValidPhone follows default_country_code and phone_validation', () => {
    expect(isValidPhone(kenya, '+254712345678')).toBe(true);
    expect(isValidPhone(kenya, '0712345678')).toBe(true);
    expect(isValidPhone({}, '0712345678')).toBe(false);
    expect(isValidPhone(kenya, '+2547123')).toBe(false);
    expect(isValidPhone(kenya, '07123abc45')).toBe(false);
    expect(isValidPhone(kenya, 712345678)).toBe(false);
    expect(isValidPhone({ ...kenya, phone_validation: 'none' }, '+2547123')).toBe(true);
    expect(isValidPhone({ ...kenya, phone_validation: 'partial' }, '+254712345678')).toBe(true);
  });

  it('validPhone tests the named field', async () => {
    const env = makeEnv({ settings: kenya });
    expect(await is("validPhone('phone')", '', { phone: '+254712345678' }, env)).toBe(true);
    expect(await is("validPhone('phone')", '+254712345678', { phone: '123' }, env)).toBe(false);
  });

  it('uniquePhone: no contact has that phone', async () => {
    const env = makeEnv({ docs: [{ _id: 'c1', type: 'person', phone: '+254712345678' }] });
    expect(await is("uniquePhone('phone')", '', { phone: '+254712345678' }, env)).toBe(false);
    expect(await is("uniquePhone('phone')", '', { phone: '+254799999999' }, env)).toBe(true);
    // CHT queries without a key then: never unique
    expect(await is("uniquePhone('phone')", '', {}, env)).toBe(false);
  });
});
