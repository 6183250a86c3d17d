/**
 * Evaluates parsed pupil entities (spec 2.7) the way CHT does: left to right, no precedence and no
 * short-circuit. Every function of the list runs (DB-backed ones included) and its raw JS result is
 * folded as `acc = acc && r` or `acc = acc || r` from `true`, so non-boolean results keep JS truthiness
 * (a DB error's `undefined` fails the rule). `!` negates only the next function, block or ternary.
 * A ternary runs its condition and then only the chosen branch.
 */
import type { Entity, RuleArg } from './parser';

/** The values a rule sees: the doc merged with `doc.fields` (fields win). */
export type Values = Record<string, any>;

/** A rule function: the values, the tested value, then the rule's own arguments. */
export type RuleFunction = (values: Values, value: unknown, args: RuleArg[]) => unknown;

/** Functions by lower-cased name. */
export type FunctionTable = ReadonlyMap<string, RuleFunction>;

const OTHER = 'other';

/** Calls one function: `other<name>('field', …)` tests that field's value instead of the property's. */
async function call(entity: Extract<Entity, { type: 'func' }>, values: Values, key: string, fns: FunctionTable): Promise<unknown> {
  let name = entity.name.toLowerCase();
  let args = [...entity.args];
  let value: unknown;
  if (name.startsWith(OTHER)) {
    name = name.slice(OTHER.length);
    const [field, ...rest] = args;
    value = values[field as string];
    args = rest;
  } else {
    value = values[key];
  }
  const fn = fns.get(name);
  // unknown functions pass
  return fn ? await fn(values, value, args) : true;
}

export async function evaluate(entities: readonly Entity[] | null | undefined, values: Values, key: string, fns: FunctionTable): Promise<unknown> {
  if (entities === null || entities === undefined) return true;
  let acc: unknown = true;
  let or = false;
  let negate = false;
  for (const entity of entities) {
    let result: unknown;
    switch (entity.type) {
      case 'and':
        or = false;
        continue;
      case 'or':
        or = true;
        continue;
      case 'not':
        negate = true;
        continue;
      case 'func':
        result = await call(entity, values, key, fns);
        break;
      case 'block':
        result = await evaluate(entity.sub, values, key, fns);
        break;
      case 'ternary':
        result = (await evaluate(entity.conditions, values, key, fns))
          ? await evaluate(entity.ifThen, values, key, fns)
          : await evaluate(entity.ifElse, values, key, fns);
        break;
    }
    if (negate) {
      result = !result;
      negate = false;
    }
    acc = or ? acc || result : acc && result;
  }
  return acc;
}
