/**
 * `vigil check`: every problem in a settings object at once, each with its JSON path.
 */
import type { ConfigProblem, Transition } from '../types';
import { parseJsonPath, sectionOf } from './paths';
import { isEnabledIn, semanticProblems } from './semantic';
import { schemaProblems } from './validator';

export type TransitionCheck = Pick<Transition, 'name' | 'sections' | 'validate'>;

export interface CheckOptions {
  /** transitions whose `validate(settings)` also runs (only those enabled in `settings.transitions`) */
  transitions?: readonly TransitionCheck[];
}

export interface SettingsAnalysis {
  /** everything, de-duplicated, in the order the settings are written */
  problems: ConfigProblem[];
  /** what each enabled transition's own `validate` reported (before de-duplication) */
  byTransition: Map<string, ConfigProblem[]>;
}

/** Returns every problem in `settings`: schema, semantic, and the given transitions' own checks. */
export function checkSettings(settings: unknown, opts: CheckOptions = {}): ConfigProblem[] {
  return analyseSettings(settings, opts.transitions ?? []).problems;
}

export function analyseSettings(settings: unknown, transitions: readonly TransitionCheck[] = []): SettingsAnalysis {
  const schema = schemaProblems(settings);
  const errorPaths = new Set(schema.filter(isError).map((p) => p.path));
  // a semantic check on a value whose shape is already wrong only repeats the schema error
  const semantic = semanticProblems(settings).filter((p) => !errorPaths.has(p.path));

  const byTransition = new Map<string, ConfigProblem[]>();
  const settingsObject = settings !== null && typeof settings === 'object' && !Array.isArray(settings) ? (settings as Record<string, any>) : undefined;
  if (settingsObject) {
    for (const t of transitions) {
      if (!t.validate || !isEnabledIn(settingsObject, t.name)) continue;
      byTransition.set(t.name, runValidate(t, settingsObject));
    }
  }

  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const push = (p: ConfigProblem) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };
  schema.forEach(push);
  semantic.forEach(push);
  for (const p of semantic) if (isError(p)) errorPaths.add(p.path);
  // a transition's own check at a path that already has an error says the same thing in other words
  for (const list of byTransition.values()) for (const p of list) if (!(isError(p) && errorPaths.has(p.path))) push(p);

  return { problems: inDocumentOrder(problems, settings), byTransition };
}

export function isError(p: ConfigProblem): boolean {
  return (p.severity ?? 'error') === 'error';
}

export function hasErrors(problems: readonly ConfigProblem[]): boolean {
  return problems.some(isError);
}

/** A transition's `validate`, made safe: a throw becomes a problem; path, section and severity filled in. */
function runValidate(t: TransitionCheck, settings: Record<string, any>): ConfigProblem[] {
  const fallbackPath = `$.transitions.${t.name}`;
  let reported: ConfigProblem[];
  try {
    reported = t.validate?.(settings) ?? [];
  } catch (err) {
    reported = [{ path: fallbackPath, message: `could not validate the configuration of ${t.name}: ${(err as Error)?.message ?? String(err)}` }];
  }
  return reported.map((p) => {
    const path = typeof p.path === 'string' && p.path.startsWith('$') ? p.path : fallbackPath;
    return { ...p, path, section: p.section ?? sectionOf(path), severity: p.severity ?? 'error' };
  });
}

/**
 * Sorts problems the way the settings are written: top-level keys in their order, then array indexes and
 * object keys in theirs; paths to missing keys come after the existing keys of their object. Stable.
 */
function inDocumentOrder(problems: ConfigProblem[], settings: unknown): ConfigProblem[] {
  const keys = problems.map((p) => orderKey(p.path, settings));
  const order = problems.map((_, i) => i);
  order.sort((a, b) => compareKeys(keys[a], keys[b]) || a - b);
  return order.map((i) => problems[i]);
}

function orderKey(path: string, root: unknown): number[] {
  const segments = parseJsonPath(path);
  if (!segments) return [Number.MAX_SAFE_INTEGER];
  const key: number[] = [];
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node) && typeof segment === 'number') {
      key.push(segment);
      node = node[segment];
    } else if (node !== null && typeof node === 'object') {
      const index = Object.keys(node).indexOf(String(segment));
      key.push(index === -1 ? Number.MAX_SAFE_INTEGER - 1 : index);
      node = (node as Record<string, unknown>)[String(segment)];
    } else {
      key.push(Number.MAX_SAFE_INTEGER - 1);
      node = undefined;
    }
  }
  return key;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
