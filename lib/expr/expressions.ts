/**
 * Sandboxed evaluation of CHT config expressions: registration/message `bool_expr`, conditional_alerts
 * `condition`, outbound `relevant_to` and mapping `expr`, multi_report_alerts recipients and the
 * `is_report_counted` function source.
 *
 * CHT runs them with `vm.runInNewContext(source, context)`; vigil keeps the JavaScript semantics (a script's
 * completion value, chained comparisons such as `1000 < a - b < 10000`, functions in the context like
 * `FORM(1)`) but adds a time limit, a fresh context per call holding a copy of the caller's data, and no way
 * back to the host (see sandbox.ts).
 */
import vm from 'node:vm';
import type { Expressions } from '../types';
import { ExpressionError } from './errors';
import { Sandbox, type HostCallable } from './sandbox';

export const DEFAULT_TIMEOUT_MS = 100;
const MAX_CACHED_SCRIPTS = 2000;

export interface ExpressionOptions {
  /** time limit per evaluation or function call (default 100 ms) */
  timeoutMs?: number;
}

export type SourceKind = 'expression' | 'function';

export interface ExpressionStats {
  /** scripts compiled (cache misses) */
  compiled: number;
  /** compilations saved by the cache */
  cacheHits: number;
  /** scripts currently cached */
  cached: number;
}

export interface SandboxedExpressions extends Expressions {
  /**
   * Evaluates `source` with the entries of `context` as its only globals (plus the language's builtins).
   * Returns primitives as they are, objects and arrays as a JSON copy, functions as callables that run in
   * the same sandbox. Throws ExpressionError on a syntax error, a timeout or an exception.
   */
  evaluate(source: string, context?: Record<string, unknown>): unknown;
  /**
   * Compiles a function source such as `"function(report, latestReport) { return ... }"` once and returns
   * a callable; each call copies its arguments in and runs under the same time limit.
   */
  compileFunction<R = unknown>(source: string): (...args: unknown[]) => R;
  /** Syntax check without running anything: the problem, or undefined when the source compiles. */
  check(source: string, kind?: SourceKind): ExpressionError | undefined;
  readonly timeoutMs: number;
  stats(): ExpressionStats;
}

type Compiled = { script: vm.Script; error?: undefined } | { script?: undefined; error: ExpressionError };

function functionWrapper(source: string): string {
  // newlines keep a trailing `// comment` in the source from swallowing the closing parenthesis
  return `(\n${source}\n)`;
}

class ScriptCache {
  private readonly scripts = new Map<string, Compiled>();
  compiled = 0;
  hits = 0;

  get(source: string, kind: SourceKind): Compiled {
    const key = `${kind}\u0000${source}`;
    const found = this.scripts.get(key);
    if (found) {
      this.hits++;
      // refresh recency
      this.scripts.delete(key);
      this.scripts.set(key, found);
      return found;
    }
    const compiled = compile(source, kind);
    this.compiled++;
    this.scripts.set(key, compiled);
    if (this.scripts.size > MAX_CACHED_SCRIPTS) {
      const oldest = this.scripts.keys().next().value;
      if (oldest !== undefined) this.scripts.delete(oldest);
    }
    return compiled;
  }

  get size(): number {
    return this.scripts.size;
  }
}

/**
 * Async functions and dynamic import are the only ways left to make a promise in a sandbox (`Promise` is
 * shadowed); both need these words spelled out (keywords cannot contain escapes), so a plain text search is
 * a sound check. It also refuses the rare expression that merely mentions them (e.g. `doc.import`).
 */
const ASYNC_CODE = /\b(async|import)\b/;

function compile(source: string, kind: SourceKind): Compiled {
  if (typeof source !== 'string') {
    return { error: new ExpressionError('syntax', String(source), `expression must be a string (got ${typeof source})`) };
  }
  if (ASYNC_CODE.test(source)) {
    return {
      error: new ExpressionError('syntax', source, 'asynchronous code (async functions, import) is not allowed in config expressions'),
    };
  }
  const text = kind === 'function' ? functionWrapper(source) : source;
  try {
    return { script: new vm.Script(text, { filename: kind === 'function' ? 'vigil:function' : 'vigil:expression' }) };
  } catch (err) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { error: new ExpressionError('syntax', source, detail, err) };
  }
}

function checkTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number (got ${String(timeoutMs)})`);
  }
  return Math.max(1, Math.floor(timeoutMs));
}

export function createExpressions(opts: ExpressionOptions = {}): SandboxedExpressions {
  const timeoutMs = checkTimeout(opts.timeoutMs);
  const cache = new ScriptCache();

  function scriptFor(source: string, kind: SourceKind): vm.Script {
    const compiled = cache.get(source, kind);
    if (compiled.error) throw compiled.error;
    return compiled.script;
  }

  return {
    timeoutMs,

    evaluate(source: string, context: Record<string, unknown> = {}): unknown {
      const script = scriptFor(source, 'expression');
      const sandbox = new Sandbox(context ?? {}, timeoutMs);
      return sandbox.run(script, source);
    },

    compileFunction<R = unknown>(source: string): (...args: unknown[]) => R {
      const script = scriptFor(source, 'function');
      const value = new Sandbox({}, timeoutMs).run(script, source);
      if (typeof value !== 'function') {
        throw new ExpressionError('syntax', source, `must be a function (got ${value === null ? 'null' : typeof value})`);
      }
      return value as (...args: unknown[]) => R;
    },

    check(source: string, kind: SourceKind = 'expression'): ExpressionError | undefined {
      return cache.get(source, kind).error;
    },

    stats(): ExpressionStats {
      return { compiled: cache.compiled, cacheHits: cache.hits, cached: cache.size };
    },
  };
}

let shared: SandboxedExpressions | undefined;
function defaultExpressions(): SandboxedExpressions {
  shared ??= createExpressions();
  return shared;
}

/**
 * Compiles an `is_report_counted`-style function source into a callable that runs sandboxed with the
 * default (or given) time limit. Throws ExpressionError when the source does not compile or is not a function.
 */
export function compileFunction<R = unknown>(source: string, opts?: ExpressionOptions): (...args: unknown[]) => R {
  const engine = opts?.timeoutMs === undefined ? defaultExpressions() : createExpressions(opts);
  return engine.compileFunction<R>(source);
}

/** Syntax check for config validation: the error text, or undefined when the source compiles. */
export function checkSyntax(source: string, kind: SourceKind = 'expression'): ExpressionError | undefined {
  return defaultExpressions().check(source, kind);
}

export type { HostCallable };
