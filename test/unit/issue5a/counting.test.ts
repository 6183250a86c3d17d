/** multi_report_alerts counting helpers: window, counting function, reports already alerted on. */
import { createExpressions } from '../../../lib/expr';
import { alreadyAlerted, countingWindow, formMatches, inWindow, reportCounter } from '../../../lib/alerts/counting';
import type { Expressions } from '../../../lib/types';

const DAY = 86_400_000;

describe('countingWindow', () => {
  it('is [latest - 1 - days, latest - 1], both ends included', () => {
    const w = countingWindow(10 * DAY, 2)!;
    expect(w).toEqual({ startMs: 8 * DAY - 1, endMs: 10 * DAY - 1 });
    expect(inWindow({ _id: 'a', reported_date: 8 * DAY - 1 }, w)).toBe(true);
    expect(inWindow({ _id: 'a', reported_date: 8 * DAY - 2 }, w)).toBe(false);
    expect(inWindow({ _id: 'a', reported_date: 10 * DAY - 1 }, w)).toBe(true);
    // the same millisecond as the latest report is outside (CHT)
    expect(inWindow({ _id: 'a', reported_date: 10 * DAY }, w)).toBe(false);
    expect(inWindow({ _id: 'a', reported_date: String(9 * DAY) }, w)).toBe(false);
  });

  it('has no window without a numeric reported_date', () => {
    expect(countingWindow(undefined, 1)).toBeUndefined();
    expect(countingWindow('123', 1)).toBeUndefined();
    expect(countingWindow(5, NaN)).toBeUndefined();
  });
});

describe('formMatches', () => {
  it('treats a missing or empty list as every form', () => {
    expect(formMatches(undefined, 'X')).toBe(true);
    expect(formMatches([], 'X')).toBe(true);
    expect(formMatches(['A'], 'X')).toBe(false);
    expect(formMatches(['A'], 'A')).toBe(true);
  });
});

describe('reportCounter', () => {
  it('compiles the source once per sandbox and counts with (report, latestReport)', () => {
    const sandbox = createExpressions();
    const spy = jest.spyOn(sandbox, 'compileFunction');
    const src = 'function(report, latest) { return report.fields.s === latest.fields.s; }';
    const a = reportCounter(sandbox, src);
    const b = reportCounter(sandbox, src);
    expect(spy).toHaveBeenCalledTimes(1);
    const latest = { _id: 'l', fields: { s: 'x' } };
    expect(a({ _id: 'r', fields: { s: 'x' } }, latest)).toBe(true);
    expect(b({ _id: 'r', fields: { s: 'y' } }, latest)).toBe(false);
  });

  it('counts a report out when the function throws, and throws when the source does not compile', () => {
    const counts = reportCounter(createExpressions(), 'function(report) { return report.fields.deep.x; }');
    expect(counts({ _id: 'r' }, { _id: 'l' })).toBe(false);
    expect(() => reportCounter(createExpressions(), 'function( {')).toThrow();
  });

  it('falls back to the default sandbox for an Expressions without compileFunction', () => {
    const plain: Expressions = { evaluate: () => undefined };
    expect(reportCounter(plain, 'function() { return 1; }')({ _id: 'r' }, { _id: 'l' })).toBe(true);
  });
});

describe('alreadyAlerted', () => {
  it('collects counted_reports of tasks of this alert only', () => {
    const reports = [
      { _id: 'a', tasks: [{ alert_name: 'x', counted_reports: ['a', 'b'] }, { alert_name: 'y', counted_reports: ['z'] }] },
      { _id: 'b', tasks: [{ messages: [] }] },
      { _id: 'c' },
    ];
    expect([...alreadyAlerted(reports, 'x')].sort()).toEqual(['a', 'b']);
    expect([...alreadyAlerted(reports, 'none')]).toEqual([]);
  });
});
