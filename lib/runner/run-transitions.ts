/**
 * Runs the enabled transitions, in library order, over one hydrated working copy of a doc.
 * Pure apart from the lookups a transition makes: it returns what changed and the effects to commit.
 */
import type { Effect, InfoDoc, Transition, TransitionContext, TransitionRecord } from '../types';
import { hasRun, ranOnSameRev, transitionRecord } from './infodoc';

export interface TransitionOutcome {
  name: string;
  outcome: 'changed' | 'unchanged' | 'error' | 'skipped';
  durationMs: number;
  error?: string;
}

export interface DocRunResult {
  changed: boolean;
  records: Record<string, TransitionRecord>;
  effects: Effect[];
  outcomes: TransitionOutcome[];
}

/** Adds `{code, message}` to doc.errors unless an error with that code is there already. */
function pushError(doc: any, code: string, message: string): void {
  doc.errors = Array.isArray(doc.errors) ? doc.errors : [];
  if (!doc.errors.some((e: any) => e && e.code === code)) doc.errors.push({ code, message });
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String((err as any).message);
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

export async function runTransitions(
  ctx: TransitionContext,
  transitions: Transition[],
  nowMs: () => number,
  onOutcome?: (o: TransitionOutcome) => void,
): Promise<DocRunResult> {
  const { doc } = ctx;
  const baseRev = doc._rev as string;
  const result: DocRunResult = { changed: false, records: {}, effects: [], outcomes: [] };
  const report = (o: TransitionOutcome) => {
    result.outcomes.push(o);
    onOutcome?.(o);
  };

  for (const transition of transitions) {
    const { name } = transition;
    // A transition may delete the doc (update_scheduled_reports): later ones must not act on a deletion.
    if (doc._deleted) break;
    if (ranOnSameRev(ctx.info, doc, name)) continue;
    let matches = false;
    try {
      matches = transition.filter(ctx);
    } catch {
      matches = false; // CHT: a throwing filter counts as "no change"
    }
    if (!matches) continue;

    const started = nowMs();
    try {
      const out = await transition.onMatch(ctx);
      const durationMs = Math.max(0, nowMs() - started);
      if (out.changed) {
        result.changed = true;
        result.records[name] = transitionRecord(baseRev, ctx.seq, !out.failed, new Date(ctx.clock.nowMs()).toISOString());
      }
      // Effects count even when the doc itself is untouched (e.g. an outbound push of an unchanged doc).
      if (out.effects?.length) result.effects.push(...out.effects);
      report({ name, outcome: out.changed ? 'changed' : 'unchanged', durationMs });
    } catch (err) {
      const durationMs = Math.max(0, nowMs() - started);
      const message = describe(err);
      // vigil fix: CHT writes the code with a stray apostrophe (`<name>_error'`); see docs/compatibility.md.
      pushError(doc, `${name}_error`, `Transition error on ${name}: ${message}`);
      if ((err as any)?.changed) {
        result.changed = true;
        result.records[name] = transitionRecord(baseRev, ctx.seq, false, new Date(ctx.clock.nowMs()).toISOString());
      }
      report({ name, outcome: 'error', durationMs, error: message });
    }
  }
  return result;
}

/** Convenience for filters: the transition has not been recorded for this doc yet. */
export function notRun(info: InfoDoc, name: string): boolean {
  return !hasRun(info, name);
}
