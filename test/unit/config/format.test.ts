import { formatProblems, summarizeProblems } from '../../../lib/config/format';

describe('formatProblems', () => {
  it('writes one `<path>: <message>` line per problem, marking warnings', () => {
    const text = formatProblems([
      { path: '$.registrations[0].form', message: 'is required', severity: 'error' },
      { path: '$.sms.duplicate_limit', message: 'is capped at 20 (got 50)', severity: 'warning' },
      { path: '$.locale', message: 'must not\n  be empty' },
    ]);
    expect(text.split('\n')).toEqual([
      '$.registrations[0].form: is required',
      '$.sms.duplicate_limit: is capped at 20 (got 50) [warning]',
      '$.locale: must not be empty',
    ]);
  });

  it('gives an empty string for no problems', () => {
    expect(formatProblems([])).toBe('');
  });

  it('summarizes counts', () => {
    expect(summarizeProblems([])).toBe('no problems');
    expect(
      summarizeProblems([
        { path: '$.a', message: 'x' },
        { path: '$.b', message: 'y', severity: 'error' },
        { path: '$.c', message: 'z', severity: 'warning' },
      ]),
    ).toBe('2 errors, 1 warning');
  });
});
