/**
 * Validation of reports with the pupil rule language (spec 2.7), as the registration,
 * accept_patient_reports and muting transitions use it (spec 2.6):
 *
 *   const errors = await validate(config, doc, env);
 *   if (errors.length) messaging.addErrors(config, doc, errors, ctx);
 */
import { logger as defaultLogger } from '../log';
import { getLocale } from '../messages/locale';
import type { Clock, Doc, Lookups, Settings, Translations } from '../types';
import { dbFunctions, type DbLogger } from './db-functions';
import { evaluate, type FunctionTable, type RuleFunction, type Values } from './evaluate';
import { envFunctions, PURE_FUNCTIONS } from './functions';
import { ruleMessage } from './messages';
import { parseRule, RuleSyntaxError } from './parser';

export interface ValidationEnv {
  settings: Settings;
  translations: Translations;
  lookups: Lookups;
  clock: Clock;
  /** where DB-lookup failures are logged; default: the engine logger */
  logger?: DbLogger;
}

export type ValidationError = string | { code: string; message?: string };

export interface ValidationsConfig {
  validations?: { join_responses?: boolean; list?: any[] };
}

export const EXCEPTION_PREFIX = 'Error on pupil validations: ';

/** Every rule function, by lower-cased name. */
export function createFunctionTable(env: ValidationEnv): FunctionTable {
  const logger = env.logger ?? defaultLogger;
  const all: Record<string, RuleFunction> = {
    ...PURE_FUNCTIONS,
    ...envFunctions(env),
    ...dbFunctions({ lookups: env.lookups, clock: env.clock, logger }),
  };
  return new Map(Object.entries(all));
}

/**
 * CHT's `JSON.stringify(exception)`: parser errors give `{"message":…,"pos":n}`, native errors `{}`
 * (other errors, e.g. a failed HTTP request, also give `{}` here so no request detail reaches a doc).
 */
function describe(err: unknown): string {
  if (err instanceof RuleSyntaxError) return JSON.stringify(err);
  if (err instanceof Error) return '{}';
  try {
    return String(JSON.stringify(err));
  } catch {
    return '{}';
  }
}

/**
 * Runs `config.validations.list` against `doc`. Returns CHT-shaped errors, one per failed rule in list
 * order: `{code: 'invalid_<property>', message: <raw template or undefined>}`; or, when any rule fails to
 * parse or throws, the single string `Error on pupil validations: <JSON>`. Empty array = valid.
 */
export async function validate(config: ValidationsConfig | undefined, doc: Doc, env: ValidationEnv): Promise<ValidationError[]> {
  const list = config && config.validations ? config.validations.list : undefined;
  if (list === undefined) return [];
  try {
    if (!Array.isArray(list)) throw new TypeError('validations.list is not an array');
    const fns = createFunctionTable(env);
    // one shared object: the `""` substitution of a property is seen by the later rules too (as in CHT)
    const values: Values = Object.assign({}, doc, doc.fields);
    const failed: any[] = [];
    for (const rule of list) {
      const key = rule.property;
      if (values[key] === undefined || values[key] === null) values[key] = '';
      const valid = await evaluate(parseRule(rule.rule), values, key, fns);
      if (!valid) failed.push(rule);
    }
    const locale = getLocale(env.settings, doc);
    return failed.map((rule) => ({ code: `invalid_${rule.property}`, message: ruleMessage(rule, env.translations, locale) }));
  } catch (err) {
    (env.logger ?? defaultLogger).error('Error on pupil validations', { doc_id: doc && doc._id, error: err instanceof Error ? err.message : String(err) });
    return [EXCEPTION_PREFIX + describe(err)];
  }
}

/**
 * Why a rule text would fail to parse, or undefined when it parses: lets `vigil check` flag what CHT
 * only finds out report by report (as the `Error on pupil validations` error).
 */
export function ruleProblem(rule: unknown): string | undefined {
  try {
    parseRule(rule);
    return undefined;
  } catch (err) {
    if (err instanceof RuleSyntaxError) return err.pos === undefined ? err.message : `${err.message} (token ${err.pos})`;
    return 'the rule must be a string';
  }
}

export { parseRule, parse, RuleSyntaxError } from './parser';
export type { Entity, RuleArg } from './parser';
export { tokenize } from './tokenizer';
export type { Token } from './tokenizer';
export { evaluate } from './evaluate';
export type { FunctionTable, RuleFunction, Values } from './evaluate';
export { PURE_FUNCTIONS, envFunctions, isValidPhone } from './functions';
export { dbFunctions } from './db-functions';
export { ruleMessage } from './messages';
