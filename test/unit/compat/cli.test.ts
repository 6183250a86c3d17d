import { parseArgs } from '../../compat/main';

describe('compat runner command line', () => {
  it('defaults', () => {
    expect(parseArgs([])).toEqual({ only: [], verbose: false, keep: false, timeoutMs: 60_000 });
  });

  it('reads every option', () => {
    const o = parseArgs(['--scenarios', 'x.json', '--only', 'SEQ-01,UC-02', '--only=DR-01', '--verbose', '--keep', '--timeout', '5', '--deviations', 'd.md', '--json', 'out.json']);
    expect(o).toEqual({ scenarios: 'x.json', only: ['SEQ-01', 'UC-02', 'DR-01'], verbose: true, keep: true, timeoutMs: 5000, deviations: 'd.md', json: 'out.json' });
  });

  it('--json without a file, before another flag', () => {
    expect(parseArgs(['--json', '--verbose'])).toMatchObject({ json: true, verbose: true });
    expect(parseArgs(['--json'])).toMatchObject({ json: true });
  });

  it('rejects unknown flags, missing values and bad timeouts', () => {
    expect(() => parseArgs(['--nope'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--only'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--scenarios', '--verbose'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--timeout', '0'])).toThrow(/positive/);
  });
});
