/** parseTextExpression / TEXT_EXPRESSION_SOURCE: the later.js subset reminders read. */
import { caseless, parseTextExpression, TEXT_EXPRESSION_SOURCE } from '../../../schedules/reminders/text-expression';

const MON_FRI = [1, 2, 3, 4, 5];
const parsed = (text: string) => {
  const r = parseTextExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return { minutes: r.schedule.minutes, weekdays: r.schedule.weekdays && [...r.schedule.weekdays].sort() };
};
const hm = (h: number, m = 0) => h * 60 + m;

describe('parseTextExpression', () => {
  it.each([
    ['at 09:00 on Wed', [hm(9)], [3]],
    ['at 9:00 am on Mon', [hm(9)], [1]],
    ['at 9:00am on monday', [hm(9)], [1]],
    ['AT 7:30 PM ON TUESDAY', [hm(19, 30)], [2]],
    ['at 12:15 pm', [hm(12, 15)], undefined],
    ['at 12:15 am', [hm(0, 15)], undefined],
    ['at 23:59', [hm(23, 59)], undefined],
    ['at 17:00 and 8:00 on Mon,Wed and Fri', [hm(8), hm(17)], [1, 3, 5]],
    ['on mon-fri at 7:30 pm', [hm(19, 30)], MON_FRI],
    ['on Monday through Friday at 6:00', [hm(6)], MON_FRI],
    ['on tues to thurs at 6:00', [hm(6)], [2, 3, 4]],
    ['on wednes, saturday at 6:00', [hm(6)], [3, 6]],
    ['on fri-mon at 6:00', [hm(6)], [0, 1, 5, 6]],
    ['every weekday at 9:00', [hm(9)], MON_FRI],
    ['at 9:00 every weekend', [hm(9)], [0, 6]],
    ['every day at 8:00', [hm(8)], undefined],
    ['every day on mon at 8:00', [hm(8)], undefined],
    ['every weekday, on sat at 8:00', [hm(8)], [1, 2, 3, 4, 5, 6]],
    ['@ 10:00', [hm(10)], undefined],
    ['  at 10:00 , on sun  ', [hm(10)], [0]],
  ])('%s', (text, minutes, weekdays) => {
    expect(parsed(text)).toEqual({ minutes, weekdays });
  });

  it.each([
    ['', /empty/],
    ['on mon', /needs a time/],
    ['every weekday', /needs a time/],
    ['every 5 minutes', /unsupported "every" clause at position 7/],
    ['at 9 am', /expected a time/],
    ['at 24:00', /expected a time/],
    ['at 13:00 pm', /unsupported clause/],
    ['at 9:00 on the first day of the week', /expected a day name/],
    ['at 9:00 of march', /unsupported clause/],
    ['at 9:00 on mon-', /ends the range/],
    ['at 9:00 and', /not a supported schedule/],
    ['at 9:00 on weds', /expected a day name .* \("weds"\)/],
    ['x'.repeat(201), /longer than 200/],
  ])('rejects %j', (text, error) => {
    const r = parseTextExpression(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });

  it('accepts exactly what the schema pattern accepts (case-insensitively)', () => {
    const pattern = new RegExp(caseless(TEXT_EXPRESSION_SOURCE), 'u');
    const samples = [
      'at 09:00 on Wed', 'At 9:00 AM', 'on MON-fri at 7:30 pm', 'every weekday at 9:00', 'at 9:00 and', 'and at 9:00',
      'at 9:00 and and on mon', 'every 2 days at 9:00', 'on mon', 'at 9:00, 10:00 and 11:00 on sun and sat', 'at 9:00 on mon to',
      'Every Weekend At 8:00 AM', 'at 9:00 except on mon', 'at 1:00pm', 'at 9:00 on mon wed',
    ];
    for (const text of samples) expect([text, parseTextExpression(text).ok]).toEqual([text, pattern.test(text)]);
  });

  it('fails fast on long inputs the pattern cannot match (no catastrophic backtracking)', () => {
    const pattern = new RegExp(caseless(TEXT_EXPRESSION_SOURCE), 'u');
    const text = `${'on mon and tue '.repeat(12)}at 9:00 ${'and 9:00 '.repeat(5)}x`;
    const started = process.hrtime.bigint();
    expect(pattern.test(text)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});

describe('caseless', () => {
  it('turns letters into both cases and leaves escapes alone', () => {
    expect(caseless('at\\s\\d+b')).toBe('[aA][tT]\\s\\d+[bB]');
  });
});
