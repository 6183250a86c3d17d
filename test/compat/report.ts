/**
 * Outcomes and their presentation: one line per scenario, details indented below, and the closing summary
 * (`compat: N passed, …` plus the plain `N passed, N failed` line CI reads).
 */
import type { Classification } from './classify';
import type { Deviation } from './deviations';
import type { PlayResult } from './play';

export type Status = 'PASS' | 'FAIL' | 'DEVIATION' | 'NOT-YET' | 'SKIP';

export interface ScenarioResult {
  id: string;
  title: string;
  status: Status;
  /** why NOT-YET / SKIP / DEVIATION */
  reason?: string;
  /** e.g. "listed as deviation but passes" */
  note?: string;
  /** failing expectations and errors (FAIL and DEVIATION) */
  failures: string[];
  passedChecks?: number;
  durationMs?: number;
  dbName?: string;
  logs?: string[];
}

export interface Summary {
  passed: number;
  failed: number;
  deviations: number;
  notYet: number;
  skipped: number;
}

/** failing expectations printed per scenario without --verbose */
export const MAX_FAILURES_SHOWN = 12;

export const LISTED_BUT_PASSES = 'listed as deviation but passes';

/** Combines the classification, the play result and the deviations list into one result. */
export function outcomeOf(
  scenario: { id: string; title: string },
  classification: Classification,
  played: PlayResult | undefined,
  deviation: Deviation | undefined,
): ScenarioResult {
  const base = { id: scenario.id, title: scenario.title, failures: [] as string[] };
  if (classification.kind === 'skip-doc-only') return { ...base, status: 'SKIP', reason: classification.reason };
  if (classification.kind === 'not-yet') return { ...base, status: 'NOT-YET', reason: classification.reason };
  if (!played) throw new Error(`${scenario.id}: a played scenario needs a play result`);
  const extra = { failures: played.failures, passedChecks: played.passedChecks, durationMs: played.durationMs, dbName: played.dbName, logs: played.logs };
  if (played.ok) return { ...base, ...extra, status: 'PASS', ...(deviation ? { note: LISTED_BUT_PASSES } : {}) };
  if (deviation) return { ...base, ...extra, status: 'DEVIATION', reason: deviation.reason || deviation.vigil || 'listed in docs/compatibility.md' };
  return { ...base, ...extra, status: 'FAIL' };
}

export function formatResult(r: ScenarioResult, verbose = false): string[] {
  const time = verbose && r.durationMs !== undefined ? `  (${(r.durationMs / 1000).toFixed(1)} s)` : '';
  const lines = [`${r.status.padEnd(9)}  ${r.id}  ${r.title}${time}`];
  if (r.status === 'FAIL') {
    const shown = verbose ? r.failures : r.failures.slice(0, MAX_FAILURES_SHOWN);
    for (const f of shown) lines.push(`    ${f}`);
    if (shown.length < r.failures.length) lines.push(`    …and ${r.failures.length - shown.length} more failing expectations (--verbose shows all)`);
    if (verbose && r.logs?.length) {
      lines.push('    engine log (last lines):');
      for (const l of r.logs.slice(-20)) lines.push(`      ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`);
    }
  }
  if (r.status === 'DEVIATION') {
    lines.push(`    reason: ${r.reason}`);
    if (verbose) for (const f of r.failures) lines.push(`    ${f}`);
  }
  if (r.note) lines.push(`    note: ${r.note}`);
  if (verbose && (r.status === 'NOT-YET' || r.status === 'SKIP') && r.reason) lines.push(`    ${r.reason}`);
  return lines;
}

export function summarize(results: ScenarioResult[]): Summary {
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  return { passed: count('PASS'), failed: count('FAIL'), deviations: count('DEVIATION'), notYet: count('NOT-YET'), skipped: count('SKIP') };
}

export function summaryLines(s: Summary): string[] {
  return [
    `compat: ${s.passed} passed, ${s.failed} failed, ${s.deviations} deviations, ${s.notYet} not-yet, ${s.skipped} skipped`,
    `${s.passed} passed, ${s.failed} failed`,
  ];
}

/** The machine-readable result document written by `--json`. */
export function jsonReport(results: ScenarioResult[], meta: Record<string, unknown>): unknown {
  return {
    ...meta,
    summary: summarize(results),
    results: results.map(({ logs, ...r }) => ({ ...r, ...(r.status === 'FAIL' && logs?.length ? { logs: logs.slice(-50) } : {}) })),
  };
}
