/**
 * Map/reduce for the embedded server: pouchdb-abstract-mapreduce (the indexer pouchdb-mapreduce is built
 * on) with map and reduce functions compiled once per source instead of once per document.
 *
 * Why: pouchdb-mapreduce evaluates every map call by pasting the doc into source text and running it in
 * a brand-new `vm` context, about a millisecond per doc per view; with a few views read while a backlog
 * drains that, not vigil, bounded throughput. Here each function lives in one sandbox context of its own,
 * docs enter it as JSON text parsed inside, and emitted rows leave it as plain data, so no host object or
 * function is ever reachable from view code. The index layout ('mrviews' local docs, view databases) is
 * the one pouchdb-mapreduce writes, so existing data folders keep their indexes.
 */
import vm from 'node:vm';
import createAbstractMapReduce from 'pouchdb-abstract-mapreduce';
import { BuiltInError, NotFoundError } from 'pouchdb-mapreduce-utils';

/** Evaluating a view function's source (not each call) fails after this long. */
const COMPILE_TIMEOUT_MS = 5_000;
/** compiled functions kept; design docs are few, but edits leave old sources behind */
const MAX_COMPILED = 256;

type Emit = (key: unknown, value?: unknown) => void;
interface Sandboxed {
  /** runs the function on JSON-encoded arguments inside its context; returns inner-realm data */
  call(argsJson: string): { result: unknown; emitted: Array<[unknown, unknown]> };
}

// Evaluated inside each sandbox: the helpers CouchDB's JavaScript query server offers view code, and a
// runner that decodes arguments, collects emit() calls and hands back only data.
const PRELUDE = `
  var __emitted__ = [];
  var emit = function (key, value) { __emitted__.push([key, value]); };
  var log = function () {};
  var isArray = Array.isArray;
  var toJSON = JSON.parse;
  var sum = function (values) {
    var total = 0;
    for (var i = 0; i < values.length; i++) total += values[i];
    return total;
  };
`;

const compiled = new Map<string, Sandboxed>();

function compile(source: string): Sandboxed {
  const hit = compiled.get(source);
  if (hit) return hit;
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  const body = source.replace(/;\s*$/, '');
  vm.runInContext(
    `"use strict"; ${PRELUDE}
     var __fn__ = (${body});
     if (typeof __fn__ !== 'function') throw new TypeError('not a function: ' + String(__fn__).slice(0, 60));
     var __call__ = function (argsJson) {
       __emitted__ = [];
       var result = __fn__.apply(null, JSON.parse(argsJson));
       return { result: result, emitted: __emitted__ };
     };`,
    context,
    { timeout: COMPILE_TIMEOUT_MS },
  );
  // Called directly, without a per-call watchdog: a timeout per call starts a watchdog thread each time,
  // which cost more than the map functions themselves. Compilation keeps its time limit.
  const sandboxed: Sandboxed = { call: vm.runInContext('__call__', context) };
  compiled.set(source, sandboxed);
  if (compiled.size > MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
  return sandboxed;
}

function mapper(mapFun: unknown, emit: Emit): (doc: unknown) => unknown {
  const fn = compile(String(mapFun));
  return (doc) => {
    const out = fn.call(JSON.stringify([doc]));
    for (const [key, value] of out.emitted) emit(key, value);
    return out.result;
  };
}

const numbersOnly = (name: string) =>
  new BuiltInError(`builtin ${name} function requires map values to be numbers or number arrays`);

/** `_sum`: numbers, or arrays of numbers summed position by position (CouchDB's rule). */
function builtInSum(_keys: unknown, values: unknown[]): number | number[] {
  let total: number | number[] = 0;
  for (const v of values) {
    if (typeof v === 'number') {
      if (Array.isArray(total)) total[0] = (total[0] ?? 0) + v;
      else total += v;
    } else if (Array.isArray(v) && v.every((n) => typeof n === 'number')) {
      const acc: number[] = Array.isArray(total) ? total : [total];
      v.forEach((n: number, i: number) => (acc[i] = (acc[i] ?? 0) + n));
      total = acc;
    } else {
      throw numbersOnly('_sum');
    }
  }
  return total;
}

function builtInStats(_keys: unknown, values: unknown[]) {
  if (!values.every((v) => typeof v === 'number')) throw numbersOnly('_stats');
  const nums = values as number[];
  let sum = 0;
  let sumsqr = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const n of nums) {
    sum += n;
    sumsqr += n * n;
    if (n < min) min = n;
    if (n > max) max = n;
  }
  return { sum, min, max, count: nums.length, sumsqr };
}

function reducer(reduceFun: unknown): (keys: unknown, values: unknown[], rereduce?: boolean) => unknown {
  const source = String(reduceFun).trim();
  if (/^_sum\b/.test(source)) return builtInSum;
  if (/^_count\b/.test(source)) return (_keys, values) => values.length;
  if (/^_stats\b/.test(source)) return builtInStats;
  if (source.startsWith('_')) throw new Error(`${source} is not a supported reduce function.`);
  const fn = compile(source);
  return (keys, values, rereduce) => fn.call(JSON.stringify([keys, values, rereduce ?? false])).result;
}

function ddocValidator(ddoc: { _id: string; views?: Record<string, { map?: unknown }> }, viewName: string): void {
  const view = ddoc.views?.[viewName];
  if (!view || typeof view.map !== 'string') {
    throw new NotFoundError(`ddoc ${ddoc._id} has no string view named ${viewName}, instead found object of type: ${typeof view?.map}`);
  }
}

const abstract = createAbstractMapReduce('mrviews', mapper, reducer, ddocValidator);

/** The PouchDB plugin: `query` and `viewCleanup`, as pouchdb-mapreduce provides them. */
export const compiledMapReduce = {
  query(this: unknown, fun: unknown, opts: unknown, callback: unknown) {
    return abstract.query.call(this, fun, opts, callback);
  },
  viewCleanup(this: unknown, callback: unknown) {
    return abstract.viewCleanup.call(this, callback);
  },
};

/** For tests: the number of distinct map/reduce sources compiled so far in this process. */
export function compiledCount(): number {
  return compiled.size;
}
