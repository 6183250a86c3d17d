/**
 * Runs the app_settings schema (ajv 8, allErrors) and turns ajv's errors into ConfigProblems: JSON paths
 * instead of pointers, a required key reported at the key itself, one readable message per path, and no
 * anyOf/oneOf branch noise.
 */
import Ajv, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ConfigProblem } from '../types';
import { pointerToPath, sectionOf } from './paths';
import { FORMATS, settingsSchema } from './schema';
import { cronProblem } from './schema/formats';
import { didYouMean } from './suggest';

type Severity = 'error' | 'warning';

/** An ajv error on its way to becoming a problem. `message` is preset for collapsed composites. */
interface Raw {
  pointer: string;
  keyword: string;
  schemaPath: string;
  params: Record<string, any>;
  data: unknown;
  parentSchema?: AnySchemaObject;
  message?: string;
}

let compiled: ValidateFunction | undefined;

export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addVocabulary(['x-hint', 'x-severity']);
  for (const [name, def] of Object.entries(FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: def.validate });
  }
  return ajv;
}

function validator(): ValidateFunction {
  compiled ??= createAjv().compile(settingsSchema);
  return compiled;
}

/** Every schema problem in `settings`, in path order. */
export function schemaProblems(settings: unknown): ConfigProblem[] {
  const validate = validator();
  if (validate(settings)) return [];
  const raws = collapseComposites((validate.errors ?? []).filter((e) => e.keyword !== 'if').map(toRaw));
  const byPath = new Map<string, ConfigProblem[]>();
  for (const raw of raws) {
    const path = pointerToPath(raw.pointer, settings);
    const problem: ConfigProblem = {
      path,
      message: raw.message ?? render(raw),
      section: sectionOf(path),
      severity: severityOf(raw.schemaPath),
    };
    const list = byPath.get(path) ?? [];
    list.push(Object.assign(problem, { keyword: raw.keyword }));
    byPath.set(path, list);
  }
  const out: ConfigProblem[] = [];
  for (const list of byPath.values()) out.push(pickOne(list as Array<ConfigProblem & { keyword: string }>));
  return out;
}

function toRaw(e: ErrorObject): Raw {
  if (e.keyword === 'required') {
    const missing = String((e.params as { missingProperty: string }).missingProperty);
    return {
      pointer: `${e.instancePath}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      keyword: 'required',
      schemaPath: e.schemaPath,
      params: e.params,
      data: undefined,
      parentSchema: e.parentSchema,
    };
  }
  return {
    pointer: e.instancePath,
    keyword: e.keyword,
    schemaPath: e.schemaPath,
    params: e.params,
    data: e.data,
    parentSchema: e.parentSchema,
  };
}

/**
 * One problem per path: a type mismatch alone (whatever else failed there follows from it), otherwise the
 * distinct messages joined; errors before warnings.
 */
function pickOne(list: Array<ConfigProblem & { keyword: string }>): ConfigProblem {
  const errors = list.filter((p) => p.severity !== 'warning');
  const pool = errors.length > 0 ? errors : list;
  const typed = pool.filter((p) => p.keyword === 'type');
  const chosen = typed.length > 0 ? typed.slice(0, 1) : pool;
  const { keyword: _k, ...first } = chosen[0];
  return { ...first, message: [...new Set(chosen.map((p) => p.message))].join('; ') };
}

/**
 * Replaces each anyOf/oneOf error and the errors of its branches by what the user needs to read:
 * "must have one of a, b" when every branch only missed a key, "must be X or Y" when every branch only
 * failed on the type, otherwise the errors of the branch that got furthest (the one the value was
 * evidently meant to match). Innermost composites first, so nested ones collapse bottom-up.
 */
function collapseComposites(input: Raw[]): Raw[] {
  let raws = input;
  const composites = raws
    .filter((r) => r.keyword === 'anyOf' || r.keyword === 'oneOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const composite of composites) {
    if (!raws.includes(composite)) continue;
    const prefix = `${composite.schemaPath}/`;
    const branchErrors = raws.filter((r) => r !== composite && r.schemaPath.startsWith(prefix));
    const rest = raws.filter((r) => r !== composite && !r.schemaPath.startsWith(prefix));
    raws = [...rest, ...replaceComposite(composite, branchErrors)];
  }
  return raws;
}

function replaceComposite(composite: Raw, branchErrors: Raw[]): Raw[] {
  if (branchErrors.length === 0) {
    // oneOf matching more than one branch
    return [{ ...composite, message: 'must match exactly one of the allowed forms' }];
  }
  const atSelf = branchErrors.every((r) => r.pointer === composite.pointer);
  if (branchErrors.every((r) => r.keyword === 'required' && parentPointer(r.pointer) === composite.pointer)) {
    const keys = [...new Set(branchErrors.map((r) => String(r.params.missingProperty)))];
    return [{ ...composite, message: `must have one of ${keys.join(', ')}` }];
  }
  if (atSelf && branchErrors.every((r) => ['type', 'enum', 'const'].includes(r.keyword))) {
    const allowed: string[] = [];
    for (const r of branchErrors) {
      if (r.keyword === 'type') allowed.push(...typeList(r.params.type));
      else if (r.keyword === 'const') allowed.push(JSON.stringify(r.params.allowedValue));
      else allowed.push(...(r.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)));
    }
    return [{ ...composite, message: `must be ${orList([...new Set(allowed)])} (got ${describe(composite.data)})` }];
  }
  // keep the branch that got furthest
  const branches = new Map<string, Raw[]>();
  for (const r of branchErrors) {
    const branch = r.schemaPath.slice(composite.schemaPath.length + 1).split('/')[0];
    const list = branches.get(branch) ?? [];
    list.push(r);
    branches.set(branch, list);
  }
  const depth = (list: Raw[]) => Math.max(...list.map((r) => r.pointer.split('/').length));
  const best = [...branches.values()].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
  return best;
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** Walks the schemaPath in the root schema; the innermost `x-severity` wins. */
function severityOf(schemaPath: string): Severity {
  let node: unknown = settingsSchema;
  let severity: Severity = 'error';
  const segments = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  for (const raw of segments) {
    const segment = decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[segment];
    const s = node && typeof node === 'object' ? (node as Record<string, unknown>)['x-severity'] : undefined;
    if (s === 'warning' || s === 'error') severity = s;
  }
  return severity;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeList(type: unknown): string[] {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_NAMES[t] ?? String(t));
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A short rendering of the offending value for "(got …)". */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const json = JSON.stringify(value);
    return json.length > 62 ? `${json.slice(0, 60)}…"` : json;
  }
  return String(value);
}

function render(raw: Raw): string {
  const hint = raw.parentSchema?.['x-hint'] as string | undefined;
  const p = raw.params;
  switch (raw.keyword) {
    case 'type':
      return `must be ${orList(typeList(p.type))} (got ${describe(raw.data)})`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return `must be one of ${allowed.join(', ')} (got ${describe(raw.data)})${didYouMean(raw.data, allowed)}`.replace(') (did you', '; did you');
    }
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)} (got ${describe(raw.data)})`;
    case 'required':
      return hint ? `is missing: ${hint}` : 'is required';
    case 'format': {
      const name = String(p.format);
      if (name === 'cron' && typeof raw.data === 'string') {
        return `must be a 5-field cron expression: ${cronProblem(raw.data) ?? `got ${describe(raw.data)}`}`;
      }
      return `must be ${FORMATS[name]?.hint ?? `in format ${name}`} (got ${describe(raw.data)})`;
    }
    case 'pattern':
      return `must be ${hint ?? `a string matching ${p.pattern}`} (got ${describe(raw.data)})`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
    case 'maxLength':
      return `must be at most ${p.limit} characters long`;
    case 'minItems':
      return p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} items`;
    case 'maxItems':
      return `must have at most ${p.limit} items`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${p.comparison} ${p.limit} (got ${describe(raw.data)})`;
    case 'uniqueItems':
      return `must not contain duplicates (items ${p.j} and ${p.i} are equal)`;
    case 'anyOf':
    case 'oneOf':
      return 'must match one of the allowed forms';
    default:
      return `${raw.keyword}: ${JSON.stringify(p)}`;
  }
}
