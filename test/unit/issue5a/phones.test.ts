/** multi_report_alerts recipients: literal numbers, expressions over new_report, errors as values. */
import { createExpressions } from '../../../lib/expr';
import { phonesFor, phonesOf } from '../../../lib/alerts/phones';

const expressions = createExpressions();
const evaluate = (src: string, ctx: Record<string, unknown>) => expressions.evaluate(src, ctx);
const r = (id: string, extra: object = {}) => ({ _id: id, from: `+2547000000${id}`, ...extra });

describe('phonesOf', () => {
  it('uses a literal +digits number as it is, without evaluating it', () => {
    const spy = jest.fn();
    expect(phonesOf('+254700000000', r('1'), spy)).toEqual(['+254700000000']);
    expect(spy).not.toHaveBeenCalled();
  });

  it('evaluates anything else with { new_report }: a string or a list of strings', () => {
    expect(phonesOf('new_report.from', r('1'), evaluate)).toEqual(['+25470000001']);
    expect(phonesOf('new_report.phones', r('1', { phones: ['+1', '+2'] }), evaluate)).toEqual(['+1', '+2']);
  });

  it('turns bad values and exceptions into errors', () => {
    expect(phonesOf('new_report.phones', r('1', { phones: ['+1', 2] }), evaluate)).toEqual([
      '+1',
      { error: 'multi_report_alerts : one of the phone numbers for "new_report.phones" is not a string. Message will not be sent. Found : 2' },
    ]);
    expect(phonesOf('new_report.nothing', r('1'), evaluate)).toEqual([
      { error: 'multi_report_alerts : phone number for "new_report.nothing" is not a string or array of strings. Message will not be sent. Found: "undefined"' },
    ]);
    const [thrown] = phonesOf('new_report.contact.phone', r('1'), evaluate) as Array<{ error: string }>;
    expect(thrown.error).toMatch(/^multi_report_alerts : Could not find a phone number for "new_report.contact.phone". Message will not be sent. Error: ".*TypeError/);
  });

  it('ignores empty recipients', () => {
    expect(phonesOf('', r('1'), evaluate)).toEqual([]);
    expect(phonesOf(undefined, r('1'), evaluate)).toEqual([]);
  });
});

describe('phonesFor', () => {
  it('goes report by report, recipient by recipient, keeping each phone once', () => {
    const reports = [r('1', { boss: '+9' }), r('2', { boss: '+9' })];
    expect(phonesFor(['new_report.from', 'new_report.boss', '+8'], reports, evaluate)).toEqual(['+25470000001', '+9', '+8', '+25470000002']);
  });

  it('keeps every error', () => {
    const out = phonesFor(['new_report.x'], [r('1'), r('2')], evaluate);
    expect(out).toHaveLength(2);
    expect(out.every((p) => typeof p !== 'string')).toBe(true);
  });
});
