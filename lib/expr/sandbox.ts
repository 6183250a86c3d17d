/**
 * One sandbox = one fresh V8 context (node:vm) holding a copy of the caller's context object.
 *
 * What keeps an expression inside:
 * - The context's global is backed by a null-prototype object, so `this.constructor` leads to the
 *   context's own `Function`, and string code generation (eval, Function, wasm) is disabled for it.
 * - No host object is ever reachable from expression code: the caller's data is deep-copied into
 *   objects created by the context itself (so expressions cannot mutate the caller's doc either), and
 *   caller functions (e.g. conditional_alerts' `FORM(i)`) are replaced by wrappers created inside the
 *   context whose results are copied in the same way and whose exceptions are re-created as context errors.
 *   The copier only uses intrinsics captured before any expression code ran, so an expression that
 *   patches `Map.prototype` or `Function.prototype.call` cannot intercept a host object on its way in.
 * - Every piece of expression code (the expression, a returned function, a `toJSON`, a getter on a thrown
 *   value, a Proxy trap) runs inside `runInContext` with the time limit; the host never touches an
 *   expression-made object directly: results are serialised inside the context, thrown values are
 *   described inside the context. Microtasks run with the script (`microtaskMode: 'afterEvaluate'`), so a
 *   promise callback cannot escape the time limit either.
 * - No asynchronous code: `Promise` and the globals that could outlive the call or block the thread
 *   (Atomics, SharedArrayBuffer, WebAssembly, FinalizationRegistry, WeakRef, console) are shadowed with
 *   `undefined`, `Array.fromAsync` is removed, and sources using `async`/`import` are refused at compile
 *   time (expressions.ts). Besides keeping work inside the call, this matters because Node aborts the whole
 *   process (a native assertion in InternalCallbackScope) when a time limit interrupts a sandbox microtask
 *   while async hooks are enabled (AsyncLocalStorage, APM agents), and because a promise the expression
 *   leaves rejected would be reported to the process as an unhandled rejection.
 */
import vm from 'node:vm';
import { types } from 'node:util';
import { ExpressionError } from './errors';

export const CONTEXT_OPTIONS: vm.CreateContextOptions = {
  name: 'vigil-expression',
  codeGeneration: { strings: false, wasm: false },
  microtaskMode: 'afterEvaluate',
};

const SHADOWED_GLOBALS = ['Promise', 'Atomics', 'SharedArrayBuffer', 'WebAssembly', 'FinalizationRegistry', 'WeakRef', 'console'];

const EXPORT_FN = '__vigil_export__';
const CALL_FN = '__vigil_call__';
const DESCRIBE_FN = '__vigil_describe__';

/**
 * Runs once per context, before any expression code. Returns the bridge the host talks to and defines
 * three non-writable, non-configurable globals the timed host scripts call.
 */
const BOOTSTRAP_SOURCE = `(function (globalObject) {
  'use strict';
  var apply = Reflect.apply;
  var defineProperty = Object.defineProperty;
  var getKeys = Object.keys;
  var isArray = Array.isArray;
  var objectToString = Object.prototype.toString;
  var getTime = Date.prototype.getTime;
  var stringify = JSON.stringify;
  var MapCtor = Map;
  var mapGet = Map.prototype.get;
  var mapSet = Map.prototype.set;
  var DateCtor = Date;
  var RegExpCtor = RegExp;
  var ErrorCtor = Error;
  var StringCtor = String;
  // Node 22+: a promise-returning builtin (see the header: no asynchronous code in a sandbox)
  delete Array.fromAsync;

  function hostMessage(e) {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      var m = e.message;
      if (typeof m === 'string') return m;
    }
    return StringCtor(e);
  }

  function wrapHostFunction(fn) {
    return function () {
      var args = [];
      for (var i = 0; i < arguments.length; i++) args[i] = arguments[i];
      var result;
      try {
        result = apply(fn, undefined, args);
      } catch (e) {
        throw new ErrorCtor(hostMessage(e));
      }
      return copyIn(result, undefined);
    };
  }

  function copyIn(value, seen) {
    if (value === null) return value;
    var t = typeof value;
    if (t === 'function') return wrapHostFunction(value);
    if (t !== 'object') return value;
    if (seen === undefined) seen = new MapCtor();
    var known = apply(mapGet, seen, [value]);
    if (known !== undefined) return known;
    var out, i, keys;
    if (isArray(value)) {
      out = [];
      apply(mapSet, seen, [value, out]);
      for (i = 0; i < value.length; i++) out[i] = copyIn(value[i], seen);
      return out;
    }
    var tag = apply(objectToString, value, []);
    if (tag === '[object Date]') {
      out = new DateCtor(apply(getTime, value, []));
      apply(mapSet, seen, [value, out]);
      return out;
    }
    if (tag === '[object RegExp]') {
      out = new RegExpCtor(StringCtor(value.source), StringCtor(value.flags));
      apply(mapSet, seen, [value, out]);
      return out;
    }
    out = {};
    apply(mapSet, seen, [value, out]);
    keys = getKeys(value);
    for (i = 0; i < keys.length; i++) out[keys[i]] = copyIn(value[keys[i]], seen);
    return out;
  }

  var held, heldArgs;
  function hidden(name, fn) {
    defineProperty(globalObject, name, { value: fn, writable: false, enumerable: false, configurable: false });
  }
  hidden(${JSON.stringify(EXPORT_FN)}, function () {
    var v = held;
    held = undefined;
    return stringify(v);
  });
  hidden(${JSON.stringify(CALL_FN)}, function () {
    var fn = held, args = copyIn(heldArgs, undefined);
    held = undefined;
    heldArgs = undefined;
    return apply(fn, undefined, args);
  });
  hidden(${JSON.stringify(DESCRIBE_FN)}, function () {
    var e = held;
    held = undefined;
    try {
      if (e !== null && typeof e === 'object') {
        var name = e.name, message = e.message;
        if (typeof message === 'string') {
          return (typeof name === 'string' && name ? name + ': ' : '') + message;
        }
      }
      return 'threw ' + StringCtor(e);
    } catch (x) {
      return 'threw a value that cannot be described';
    }
  });

  return {
    install: function (entries) {
      var names = getKeys(entries);
      for (var i = 0; i < names.length; i++) globalObject[names[i]] = copyIn(entries[names[i]], undefined);
    },
    hold: function (value, args) {
      held = value;
      heldArgs = args;
    }
  };
})(this)`;

const bootstrapScript = new vm.Script(BOOTSTRAP_SOURCE, { filename: 'vigil:expression-bootstrap' });
const exportScript = new vm.Script(`${EXPORT_FN}()`, { filename: 'vigil:expression-export' });
const callScript = new vm.Script(`${CALL_FN}()`, { filename: 'vigil:expression-call' });
const describeScript = new vm.Script(`${DESCRIBE_FN}()`, { filename: 'vigil:expression-describe' });

interface Bridge {
  install(entries: Record<string, unknown>): void;
  hold(value: unknown, args?: unknown[]): void;
}

/** A value an expression can hand back: JSON data, a primitive, or a callable (for function values). */
export type HostCallable = (...args: unknown[]) => unknown;

function isTimeout(err: unknown): boolean {
  // Node creates this error in the context that was running, so it may belong to the sandbox's realm:
  // read only its own data property (no getters, no proxy traps)
  if (typeof err !== 'object' || err === null || types.isProxy(err)) return false;
  const code = Object.getOwnPropertyDescriptor(err, 'code');
  return code !== undefined && 'value' in code && code.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

function isHostError(err: unknown): err is Error {
  return typeof err === 'object' && err !== null && !types.isProxy(err) && err instanceof Error;
}

export class Sandbox {
  private readonly context: vm.Context;
  private readonly bridge: Bridge;

  constructor(
    entries: Record<string, unknown>,
    private readonly timeoutMs: number,
  ) {
    const globals: Record<string, unknown> = Object.create(null);
    for (const name of SHADOWED_GLOBALS) globals[name] = undefined;
    this.context = vm.createContext(globals, CONTEXT_OPTIONS);
    this.bridge = bootstrapScript.runInContext(this.context, { displayErrors: false }) as Bridge;
    this.bridge.install(entries);
  }

  /** Runs a compiled expression and returns its value as host data (see `toHost`). */
  run(script: vm.Script, source: string): unknown {
    return this.toHost(this.timed(script, source), source);
  }

  /** Calls a function that lives in this sandbox with (copied) host arguments. */
  call(fn: unknown, args: unknown[], source: string): unknown {
    this.bridge.hold(fn, args);
    return this.toHost(this.timed(callScript, source), source);
  }

  /** Runs a script in the context with the time limit; failures become ExpressionErrors. */
  private timed(script: vm.Script, source: string): unknown {
    try {
      return script.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false });
    } catch (err) {
      throw this.toExpressionError(err, source);
    }
  }

  private toExpressionError(err: unknown, source: string): ExpressionError {
    if (isTimeout(err)) {
      return new ExpressionError('timeout', source, `timed out after ${this.timeoutMs}ms`, err);
    }
    if (isHostError(err)) {
      // thrown by the host side (e.g. a caller function's own failure surfacing as a host error)
      return new ExpressionError('runtime', source, `${err.name}: ${err.message}`, err);
    }
    // a value thrown by expression code: describe it inside the context, under the time limit
    let detail: string;
    try {
      this.bridge.hold(err);
      const described = describeScript.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false });
      detail = typeof described === 'string' ? described : 'threw a value that cannot be described';
    } catch (inner) {
      detail = isTimeout(inner) ? `describing the thrown value timed out after ${this.timeoutMs}ms` : 'threw a value that cannot be described';
    }
    return new ExpressionError('runtime', source, detail, new Error(detail));
  }

  /**
   * Converts a context value into host data without letting expression code run outside the time limit:
   * primitives as they are, functions as host callables (run in this sandbox, same limit), objects as a
   * JSON copy made inside the context (Dates become ISO strings, undefined members disappear).
   */
  private toHost(value: unknown, source: string): unknown {
    if (value === null) return null;
    const t = typeof value;
    if (t === 'function') {
      return ((...args: unknown[]) => this.call(value, args, source)) as HostCallable;
    }
    if (t !== 'object') return value;
    this.bridge.hold(value);
    let json: unknown;
    try {
      json = exportScript.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false });
    } catch (err) {
      if (isTimeout(err)) throw new ExpressionError('timeout', source, `timed out after ${this.timeoutMs}ms`, err);
      const e = this.toExpressionError(err, source);
      throw new ExpressionError('result', source, `its value cannot be returned: ${e.detail}`, e);
    }
    if (json === undefined) return undefined;
    if (typeof json !== 'string') {
      throw new ExpressionError('result', source, 'its value cannot be returned');
    }
    return JSON.parse(json);
  }
}
