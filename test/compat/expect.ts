/**
 * Checks scenario expectations against the databases through a DocReader (no database access of its own).
 *
 * A `doc_id` expectation reads one doc; a `match` expectation selects docs and must hold for every one of them
 * (and at least one must match), except the set-level ops `count`, `ids_equal` and `all_distinct`.
 */
import { deepEqual, diff, isPlainObject, omitKeys, show } from './deep';
import { getPath, PathError } from './path';
import { PlaceholderError, resolvePlaceholders, type Captures } from './placeholders';
import type { AnyDoc, DocReader } from './reader';
import type { DbName, Expectation } from './scenario';

export interface CheckResult {
  ok: boolean;
  /** what was checked, and on failure why it failed (diff-like) */
  message: string;
}

interface OpResult {
  ok: boolean;
  detail?: string;
}

const pass: OpResult = { ok: true };
const failWith = (detail: string): OpResult => ({ ok: false, detail });

/** Ops decided on the whole set of matched docs rather than doc by doc. */
const SET_OPS = new Set(['count', 'ids_equal', 'all_distinct']);
/** Ops about the doc itself rather than a value inside it. */
const DOC_OPS = new Set(['absent_doc', 'deleted_doc']);

export const KNOWN_OPS = [
  'equals',
  'not_equals',
  'exists',
  'absent',
  'length',
  'matches',
  'includes',
  'count',
  'has_keys',
  'has_exact_keys',
  'equals_ignoring_rev',
  'equals_ignoring',
  'all_absent',
  'not_contains',
  'ids_equal',
  'rev_generation_equals',
  'rev_generation_gt',
  'all_rev_generation_equals',
  'absent_doc',
  'deleted_doc',
  'shortcode_valid',
  'all_distinct',
] as const;

/** `3-abc` → 3; undefined for anything else. */
export function revGeneration(rev: unknown): number | undefined {
  if (typeof rev !== 'string') return undefined;
  const m = /^(\d+)-/.exec(rev);
  return m ? Number(m[1]) : undefined;
}

/** The check digit CHT appends to a shortcode: weighted sum mod 11, 10 → 0 (IDS-01). */
export function shortcodeCheckDigit(digits: string): number {
  const k = digits.length;
  let total = 0;
  for (let i = 1; i <= k; i++) total += Number(digits[i - 1]) * (k + 2 - i);
  const r = total % 11;
  return r === 10 ? 0 : r;
}

function distinct(values: unknown[]): { ok: boolean; dup?: unknown } {
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v) ?? 'undefined';
    if (seen.has(key)) return { ok: false, dup: v };
    seen.add(key);
  }
  return { ok: true };
}

/** chai's deep.include: array → some element deep-equals; string → substring; object → each given key deep-equals. */
export function deepIncludes(actual: unknown, expected: unknown): OpResult {
  if (Array.isArray(actual)) {
    return actual.some((el) => deepEqual(el, expected)) ? pass : failWith(`no element equals ${show(expected)} in ${show(actual)}`);
  }
  if (typeof actual === 'string') {
    if (typeof expected !== 'string') return failWith(`cannot look for ${show(expected)} in a string`);
    return actual.includes(expected) ? pass : failWith(`${show(actual)} does not contain ${show(expected)}`);
  }
  if (isPlainObject(actual)) {
    if (!isPlainObject(expected)) return failWith(`expected an object to include, got ${show(expected)}`);
    const lines: string[] = [];
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined) continue;
      if (actual[k] === undefined) lines.push(`${k}: missing (expected ${show(v, 160)})`);
      else if (!deepEqual(v, actual[k])) lines.push(...diff(v, actual[k], 6).map((l) => (l.startsWith('(root)') ? `${k}${l.slice(6)}` : `${k}${l.startsWith('[') ? '' : '.'}${l}`)));
    }
    return lines.length ? failWith(lines.slice(0, 8).join('; ')) : pass;
  }
  return failWith(`expected an object, array or string, got ${show(actual)}`);
}

/** Applies a value-level op to the value found at the path. */
export function applyOp(e: Pick<Expectation, 'op' | 'ignore'>, actual: unknown, expected: unknown): OpResult {
  switch (e.op) {
    case 'equals':
      return deepEqual(actual, expected) ? pass : failWith(diffText(expected, actual));
    case 'not_equals':
      return deepEqual(actual, expected) ? failWith(`got ${show(actual)}, which it must not be`) : pass;
    case 'exists':
      return actual !== undefined && actual !== null ? pass : failWith(`got ${show(actual)}`);
    case 'absent':
      return actual === undefined ? pass : failWith(`expected undefined, got ${show(actual)}`);
    case 'length': {
      if (!Array.isArray(actual) && typeof actual !== 'string') return failWith(`expected an array or string of length ${show(expected)}, got ${show(actual)}`);
      return actual.length === expected ? pass : failWith(`expected length ${show(expected)}, got ${actual.length}: ${show(actual)}`);
    }
    case 'matches': {
      if (typeof expected !== 'string') return failWith(`the regex must be a string, got ${show(expected)}`);
      if (typeof actual !== 'string') return failWith(`expected a string matching /${expected}/, got ${show(actual)}`);
      return new RegExp(expected).test(actual) ? pass : failWith(`${show(actual)} does not match /${expected}/`);
    }
    case 'includes':
      return deepIncludes(actual, expected);
    case 'has_keys':
    case 'has_exact_keys': {
      const want = Array.isArray(expected) ? expected.map(String) : [String(expected)];
      if (!isPlainObject(actual)) return failWith(`expected an object with keys ${show(want)}, got ${show(actual)}`);
      const have = Object.keys(actual).filter((k) => actual[k] !== undefined);
      const missing = want.filter((k) => !have.includes(k));
      const extra = e.op === 'has_exact_keys' ? have.filter((k) => !want.includes(k)) : [];
      if (!missing.length && !extra.length) return pass;
      const parts = [];
      if (missing.length) parts.push(`missing keys ${show(missing)}`);
      if (extra.length) parts.push(`unexpected keys ${show(extra)}`);
      return failWith(`${parts.join(', ')} (has ${show(have)})`);
    }
    case 'equals_ignoring_rev':
    case 'equals_ignoring': {
      const ignore = e.op === 'equals_ignoring_rev' ? ['_rev'] : (e.ignore ?? ['_rev', 'created']);
      const a = omitKeys(actual, ignore);
      const x = omitKeys(expected, ignore);
      return deepEqual(a, x) ? pass : failWith(diffText(x, a));
    }
    case 'all_absent': {
      if (!Array.isArray(actual)) return failWith(`expected an array (use [*]), got ${show(actual)}`);
      const bad = actual.findIndex((v) => v !== undefined);
      return bad < 0 ? pass : failWith(`element [${bad}] is ${show(actual[bad])}`);
    }
    case 'not_contains': {
      if (Array.isArray(actual)) {
        const i = actual.findIndex((el) => deepEqual(el, expected));
        return i < 0 ? pass : failWith(`element [${i}] equals ${show(expected)}: ${show(actual)}`);
      }
      if (typeof actual === 'string') return actual.includes(String(expected)) ? failWith(`${show(actual)} contains ${show(expected)}`) : pass;
      return failWith(`expected an array or string, got ${show(actual)}`);
    }
    case 'rev_generation_equals':
    case 'rev_generation_gt': {
      const gen = revGeneration(actual);
      if (gen === undefined) return failWith(`expected a revision, got ${show(actual)}`);
      const ok = e.op === 'rev_generation_equals' ? gen === expected : gen > Number(expected);
      return ok ? pass : failWith(`revision ${show(actual)} has generation ${gen}, expected ${e.op === 'rev_generation_gt' ? '> ' : ''}${show(expected)}`);
    }
    case 'all_rev_generation_equals': {
      const revs = Array.isArray(actual) ? actual : [actual];
      const bad = revs.find((r) => revGeneration(r) !== expected);
      return bad === undefined && revs.length > 0 ? pass : failWith(`revision ${show(bad)} does not have generation ${show(expected)}`);
    }
    case 'shortcode_valid': {
      if (typeof actual !== 'string' || !/^\d{2,}$/.test(actual)) return failWith(`expected a string of digits, got ${show(actual)}`);
      if (expected !== undefined && actual.length !== expected) return failWith(`${show(actual)} has ${actual.length} digits, expected ${show(expected)}`);
      const check = shortcodeCheckDigit(actual.slice(0, -1));
      return Number(actual.slice(-1)) === check ? pass : failWith(`${show(actual)}: check digit should be ${check}`);
    }
    case 'all_distinct': {
      if (!Array.isArray(actual)) return failWith(`expected an array, got ${show(actual)}`);
      const d = distinct(actual);
      return d.ok ? pass : failWith(`${show(d.dup)} appears more than once in ${show(actual)}`);
    }
    default:
      return failWith(`unknown op ${JSON.stringify(e.op)}`);
  }
}

function diffText(expected: unknown, actual: unknown): string {
  const lines = diff(expected, actual);
  if (lines.length === 1 && lines[0].startsWith('(root): ')) return lines[0].slice('(root): '.length);
  return `expected ${show(expected, 200)}, got ${show(actual, 200)}\n      ${lines.join('\n      ')}`;
}

/** One selector condition: literal (deep equal), value list (any of), or an object of `$prefix/$suffix/$in/$ne/$exists`. */
export function matchesCondition(actual: unknown, cond: unknown): boolean {
  if (Array.isArray(cond)) return cond.some((c) => matchesCondition(actual, c));
  if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
    return Object.entries(cond).every(([op, arg]) => {
      switch (op) {
        case '$prefix':
          return typeof actual === 'string' && actual.startsWith(String(arg));
        case '$suffix':
          return typeof actual === 'string' && actual.endsWith(String(arg));
        case '$in':
          return Array.isArray(arg) && arg.some((a) => deepEqual(actual, a));
        case '$ne':
          return !deepEqual(actual, arg);
        case '$exists':
          return (actual !== undefined) === Boolean(arg);
        default:
          throw new Error(`unknown selector operator ${op}`);
      }
    });
  }
  return deepEqual(actual, cond);
}

/** Whether `doc` satisfies every key of the selector (keys are paths, usually top-level keys). */
export function matchesSelector(doc: AnyDoc, selector: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([key, cond]) => matchesCondition(getPath(doc, key), cond));
}

export function describeExpectation(e: Expectation): string {
  const db: DbName = e.db ?? 'medic';
  const target = e.doc_id !== undefined ? `${db}:${e.doc_id}` : `${db}:match ${show(e.match, 160)}`;
  const value = e.value === undefined ? '' : ` ${show(e.value, 200)}`;
  return `${target} ${e.path === '' ? '(doc)' : e.path} ${e.op}${value}`;
}

async function check(e: Expectation, reader: DocReader, captures: Captures): Promise<OpResult> {
  if (!e || typeof e.op !== 'string') return failWith('expectation has no op');
  if (!(KNOWN_OPS as readonly string[]).includes(e.op)) return failWith(`unknown op ${JSON.stringify(e.op)}`);
  const db: DbName = e.db ?? 'medic';
  const path = e.path ?? '';
  const expected = await resolvePlaceholders(e.value, captures, reader);

  if (e.doc_id !== undefined) {
    if (SET_OPS.has(e.op) && e.op !== 'all_distinct') return failWith(`op ${e.op} needs a match selector`);
    const docId = (await resolvePlaceholders(e.doc_id, captures, reader)) as string;
    const found = await reader.get(db, docId);
    if (e.op === 'absent_doc') return found.doc ? failWith(`doc exists (rev ${found.doc._rev})`) : pass;
    if (e.op === 'deleted_doc') {
      if (found.deleted) return pass;
      return failWith(found.doc ? `doc exists and is not deleted (rev ${found.doc._rev})` : 'doc was never written (no tombstone)');
    }
    if (!found.doc) {
      // a property of a doc that does not exist is absent
      if (e.op === 'absent') return pass;
      return failWith(found.deleted ? `doc ${docId} is deleted` : `doc ${docId} not found in ${db}`);
    }
    const actual = getPath(found.doc, path);
    if (e.capture && actual !== undefined) captures.set(e.capture, actual);
    return applyOp(e, actual, expected);
  }

  if (!isPlainObject(e.match)) return failWith('expectation needs doc_id or match');
  const selector = (await resolvePlaceholders(e.match, captures, reader)) as Record<string, unknown>;
  const docs = (await reader.list(db)).filter((d) => matchesSelector(d, selector)).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  const ids = docs.map((d) => d._id);

  if (e.op === 'count') {
    const n = path === '' ? docs.length : docs.filter((d) => getPath(d, path) !== undefined).length;
    return n === expected ? pass : failWith(`expected ${show(expected)} docs, got ${n}${n ? `: ${show(ids, 200)}` : ''}`);
  }
  if (e.op === 'ids_equal') {
    if (!Array.isArray(expected)) return failWith(`value must be a list of ids, got ${show(expected)}`);
    const want = [...new Set(expected.map(String))].sort();
    const missing = want.filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !want.includes(id));
    if (!missing.length && !extra.length && ids.length === want.length) return pass;
    const parts = [missing.length ? `missing ${show(missing)}` : '', extra.length ? `unexpected ${show(extra)}` : ''].filter(Boolean);
    return failWith(`ids differ: ${parts.join(', ')}`);
  }
  if (docs.length === 0) return failWith('no doc matched the selector');
  if (e.op === 'all_distinct') {
    const values = docs.map((d) => getPath(d, path));
    if (values.some((v) => v === undefined)) {
      const missing = docs.filter((d) => getPath(d, path) === undefined).map((d) => d._id);
      return failWith(`${path} is undefined on ${show(missing, 200)}`);
    }
    const d = distinct(values);
    return d.ok ? pass : failWith(`${show(d.dup)} appears on more than one doc: ${show(docs.filter((x) => deepEqual(getPath(x, path), d.dup)).map((x) => x._id))}`);
  }
  if (DOC_OPS.has(e.op)) return failWith(`${e.op} cannot be used with match (matched docs exist)`);

  if (e.capture) {
    const first = getPath(docs[0], path);
    if (first !== undefined) captures.set(e.capture, first);
  }
  const failures: string[] = [];
  for (const doc of docs) {
    const actual = getPath(doc, path);
    const r = applyOp(e, actual, expected);
    if (!r.ok) failures.push(`${doc._id}: ${r.detail}`);
  }
  if (!failures.length) return pass;
  const shown = failures.slice(0, 3).join('\n      ');
  return failWith(`${failures.length} of ${docs.length} matched docs fail:\n      ${shown}${failures.length > 3 ? `\n      …and ${failures.length - 3} more` : ''}`);
}

/** Checks one expectation; never throws (errors become a failed result). */
export async function checkExpectation(e: Expectation, reader: DocReader, captures: Captures): Promise<CheckResult> {
  let r: OpResult;
  try {
    r = await check(e, reader, captures);
  } catch (err) {
    const known = err instanceof PathError || err instanceof PlaceholderError;
    r = failWith(known ? (err as Error).message : `error while checking: ${(err as Error)?.message ?? String(err)}`);
  }
  const head = describeExpectation(e);
  if (r.ok) return { ok: true, message: head };
  return { ok: false, message: `${head}\n      → ${r.detail}${e.note ? `\n      (note: ${e.note})` : ''}` };
}

/** Checks expectations in order (captures flow from earlier to later ones). */
export async function checkAll(list: Expectation[], reader: DocReader, captures: Captures): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const e of list) out.push(await checkExpectation(e, reader, captures));
  return out;
}
