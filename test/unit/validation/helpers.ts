/** Shared helpers of the validation tests: an environment over in-memory docs and a rule runner. */
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Lookups, Settings, Translations } from '../../../lib/types';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import { createFunctionTable, evaluate, parseRule, type ValidationEnv } from '../../../lib/validation';

export const NOW = Date.UTC(2025, 2, 5, 10, 0, 0); // 2025-03-05T10:00:00Z, a Wednesday

export const silentLogger = { error: jest.fn() };

export function makeEnv(opts: { docs?: Doc[]; settings?: Settings; translations?: Translations; lookups?: Lookups; zone?: string; now?: number } = {}): ValidationEnv {
  return {
    settings: opts.settings ?? { locale: 'en' },
    translations: opts.translations ?? {},
    lookups: opts.lookups ?? new MemoryLookups(opts.docs ?? []),
    clock: new ManualClock(opts.now ?? NOW, opts.zone ?? 'UTC'),
    logger: silentLogger,
  };
}

/** Evaluates one rule for `property` against `values`, with the `""` substitution validate() applies. */
export async function check(rule: string, values: Record<string, any>, property = 'v', env: ValidationEnv = makeEnv()): Promise<unknown> {
  const vals = { ...values };
  if (vals[property] === undefined || vals[property] === null) vals[property] = '';
  return evaluate(parseRule(rule), vals, property, createFunctionTable(env));
}
