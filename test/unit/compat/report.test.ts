import { formatResult, LISTED_BUT_PASSES, MAX_FAILURES_SHOWN, outcomeOf, summarize, summaryLines, type ScenarioResult } from '../../compat/report';
import type { PlayResult } from '../../compat/play';

const s = { id: 'A-1', title: 'a title' };
const played = (ok: boolean): PlayResult => ({ ok, failures: ok ? [] : ['final: medic:x tasks length 1\n      → expected length 1, got 0'], passedChecks: 3, dbName: 'compat-a-1-abc', durationMs: 10, logs: [] });
const dev = { id: 'A-1', cht: 'c', vigil: 'v', reason: 'fixes bug 6' };

describe('compat outcomes', () => {
  it('PASS / FAIL from the play result', () => {
    expect(outcomeOf(s, { kind: 'play' }, played(true), undefined).status).toBe('PASS');
    expect(outcomeOf(s, { kind: 'play' }, played(false), undefined).status).toBe('FAIL');
  });

  it('a listed scenario that fails is a DEVIATION with the reason', () => {
    const r = outcomeOf(s, { kind: 'play' }, played(false), dev);
    expect(r).toMatchObject({ status: 'DEVIATION', reason: 'fixes bug 6' });
  });

  it('a listed scenario that passes is a PASS with a note', () => {
    const r = outcomeOf(s, { kind: 'play' }, played(true), dev);
    expect(r).toMatchObject({ status: 'PASS', note: LISTED_BUT_PASSES });
  });

  it('not-yet and doc-only come from the classification', () => {
    expect(outcomeOf(s, { kind: 'not-yet', reason: 'r' }, undefined, dev).status).toBe('NOT-YET');
    expect(outcomeOf(s, { kind: 'skip-doc-only', reason: 'r' }, undefined, undefined).status).toBe('SKIP');
    expect(() => outcomeOf(s, { kind: 'play' }, undefined, undefined)).toThrow();
  });
});

describe('compat report', () => {
  it('prints one line per scenario, failures indented below', () => {
    const r = outcomeOf(s, { kind: 'play' }, played(false), undefined);
    const lines = formatResult(r);
    expect(lines[0]).toMatch(/^FAIL\s+A-1  a title$/);
    expect(lines[1]).toMatch(/^ {4}final: medic:x tasks length 1/);
    expect(formatResult(outcomeOf(s, { kind: 'play' }, played(false), dev))).toEqual(['DEVIATION  A-1  a title', '    reason: fixes bug 6']);
    expect(formatResult(outcomeOf(s, { kind: 'play' }, played(true), dev))[1]).toBe(`    note: ${LISTED_BUT_PASSES}`);
  });

  it('caps the failures shown unless verbose', () => {
    const many: ScenarioResult = { ...s, status: 'FAIL', failures: Array.from({ length: MAX_FAILURES_SHOWN + 3 }, (_, i) => `f${i}`) };
    const short = formatResult(many);
    expect(short).toHaveLength(MAX_FAILURES_SHOWN + 2);
    expect(short[short.length - 1]).toMatch(/…and 3 more failing expectations/);
    expect(formatResult(many, true)).toHaveLength(MAX_FAILURES_SHOWN + 4);
  });

  it('closes with the summary and the plain CI line', () => {
    const results: ScenarioResult[] = [
      { ...s, status: 'PASS', failures: [] },
      { ...s, status: 'PASS', failures: [] },
      { ...s, status: 'FAIL', failures: [] },
      { ...s, status: 'DEVIATION', failures: [] },
      { ...s, status: 'NOT-YET', failures: [] },
      { ...s, status: 'SKIP', failures: [] },
      { ...s, status: 'SKIP', failures: [] },
    ];
    expect(summaryLines(summarize(results))).toEqual(['compat: 2 passed, 1 failed, 1 deviations, 1 not-yet, 2 skipped', '2 passed, 1 failed']);
  });
});
