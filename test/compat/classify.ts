/**
 * Decides what the runner does with a scenario before touching a database:
 *   skip-doc-only  the scenario only documents a behaviour (`doc_only`)
 *   not-yet        it needs a transition or scheduler job this build does not implement yet
 *   play           everything else
 */
import { TRANSITION_ORDER } from '../../lib/types';
import type { Scenario } from './scenario';

export type Classification = { kind: 'skip-doc-only'; reason: string } | { kind: 'not-yet'; reason: string } | { kind: 'play' };

export interface Capabilities {
  transitions: string[];
  jobs: string[];
}

const KNOWN_TRANSITIONS = new Set<string>(TRANSITION_ORDER);

/** CHT's rule: `true`, or an object without `disable: true`, enables a transition. */
function isEnabled(conf: unknown): boolean {
  if (conf === true) return true;
  if (conf && typeof conf === 'object' && !Array.isArray(conf)) return (conf as { disable?: unknown }).disable !== true;
  return false;
}

/**
 * The CHT transitions a scenario switches on, in its settings or in a later `update_settings` step.
 * Unknown names are left out: scenarios use them on purpose to pin config-error behaviour.
 */
export function enabledTransitions(scenario: Scenario): string[] {
  const blocks = [scenario.settings?.transitions, ...(scenario.steps ?? []).map((s) => (s.update_settings as any)?.transitions)];
  const names = new Set<string>();
  for (const block of blocks) {
    if (!block || typeof block !== 'object') continue;
    for (const [name, conf] of Object.entries(block)) if (KNOWN_TRANSITIONS.has(name) && isEnabled(conf)) names.add(name);
  }
  return [...names];
}

export function scheduledJobs(scenario: Scenario): string[] {
  return [...new Set((scenario.steps ?? []).map((s) => s.run_scheduler).filter((j): j is string => typeof j === 'string'))];
}

export function usesOutbound(scenario: Scenario): boolean {
  return scenario.http_mock !== undefined || scenario.outbound_expect !== undefined || (scenario.steps ?? []).some((s) => s.http_mock !== undefined);
}

export function classify(scenario: Scenario, caps: Capabilities): Classification {
  if (scenario.doc_only) return { kind: 'skip-doc-only', reason: 'documents a behaviour only (doc_only)' };
  const missing: string[] = [];
  const transitions = enabledTransitions(scenario).filter((t) => !caps.transitions.includes(t));
  if (transitions.length) missing.push(`transition${transitions.length > 1 ? 's' : ''} ${transitions.join(', ')}`);
  const jobs = scheduledJobs(scenario).filter((j) => !caps.jobs.includes(j));
  if (jobs.length) missing.push(`job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')}`);
  if (usesOutbound(scenario) && !caps.transitions.includes('mark_for_outbound') && !transitions.includes('mark_for_outbound')) {
    missing.push('outbound pushes (mark_for_outbound)');
  }
  if (missing.length) return { kind: 'not-yet', reason: `not implemented yet: ${missing.join('; ')}` };
  return { kind: 'play' };
}
