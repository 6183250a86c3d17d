/**
 * Which triggers of a registration fire (spec 3.3 step 3): the `on_create` events with a known trigger,
 * in config order, whose `bool_expr` passes. Every `bool_expr` and `params` is evaluated BEFORE the first
 * trigger runs, so no expression sees what an earlier trigger did (CHT does the same).
 */
import type { Doc, Expressions } from '../../lib/types';
import type { RegistrationConfig } from './config';
import { parseParams } from './params';
import { TRIGGERS } from './triggers';
import type { Trigger } from './trigger';

export interface PreparedEvent {
  trigger: string;
  run: Trigger;
  params: unknown;
  /** position in `config.events` */
  index: number;
}

/** The report as trigger expressions see it: its own properties, plus `fields` keys it lacks. */
export function expressionDoc(doc: Doc): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...doc };
  const fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
  for (const [key, value] of Object.entries(fields)) if (merged[key] === undefined) merged[key] = value;
  return merged;
}

/** A `bool_expr` (when set) must be truthy; one that throws counts as false. */
export function passes(expressions: Expressions, expr: unknown, doc: Record<string, unknown>): boolean {
  if (!expr) return true;
  try {
    return !!expressions.evaluate(String(expr), { doc });
  } catch {
    return false;
  }
}

export function prepareEvents(config: RegistrationConfig, doc: Doc, expressions: Expressions): PreparedEvent[] {
  // CHT throws a TypeError here (registration_error); semantic checks warn about such entries
  if (!Array.isArray(config.events)) throw new Error(`registration for form "${config.form}" has no events`);
  const view = expressionDoc(doc);
  const out: PreparedEvent[] = [];
  config.events.forEach((event, index) => {
    if (!event || event.name !== 'on_create' || typeof event.trigger !== 'string') return;
    const run = Object.prototype.hasOwnProperty.call(TRIGGERS, event.trigger) ? TRIGGERS[event.trigger] : undefined;
    if (!run || !passes(expressions, event.bool_expr, view)) return;
    out.push({ trigger: event.trigger, run, params: parseParams(event.params), index });
  });
  return out;
}
