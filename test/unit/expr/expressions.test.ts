import { ExpressionError, compileFunction, createExpressions } from '../../../lib/expr';

const expressions = createExpressions();

function thrown(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw new Error(`expected an ExpressionError, got ${String(err)}`);
  }
  throw new Error('expected an ExpressionError, nothing was thrown');
}

describe('createExpressions().evaluate', () => {
  it('evaluates against the context with CHT JavaScript semantics', () => {
    const doc = { form: 'P', fields: { lmp: 12 }, patient_id: '12345' };
    expect(expressions.evaluate('doc.fields.lmp > 10 && doc.form === "P"', { doc })).toBe(true);
    expect(expressions.evaluate('doc.missing', { doc })).toBeUndefined();
    expect(expressions.evaluate('typeof doc.getid === "undefined"', { doc })).toBe(true);
    // chained comparison: (1000 < a - b) < 10000, i.e. true < 10000
    expect(expressions.evaluate('1000 < a - b < 10000', { a: 50_000, b: 1 })).toBe(true);
    // a script's completion value, as vm.runInNewContext gives it
    expect(expressions.evaluate('var x = doc.fields.lmp * 2; x + 1', { doc })).toBe(25);
  });

  it('offers the usual builtins', () => {
    expect(expressions.evaluate('Math.max(1, 2) + parseInt("3") + Number("4") + JSON.parse("5")', {})).toBe(14);
    expect(expressions.evaluate('new Date(0).toISOString()', {})).toBe('1970-01-01T00:00:00.000Z');
    expect(expressions.evaluate('isNaN(parseFloat("x")) && Array.isArray([]) && Object.keys({a: 1}).length === 1', {})).toBe(true);
  });

  it('returns objects as plain data copies', () => {
    const value = expressions.evaluate('({ id: doc._id, when: new Date(0), list: [1, undefined] })', { doc: { _id: 'a' } });
    expect(value).toEqual({ id: 'a', when: '1970-01-01T00:00:00.000Z', list: [1, null] });
  });

  it('calls functions passed in the context (conditional_alerts FORM(i))', () => {
    const reports = [{ temp: 39, reported_date: 20_000 }, { temp: 37, reported_date: 5_000 }];
    const FORM = jest.fn((i: number) => reports[i]);
    const condition = 'FORM(1) && FORM(0).temp > FORM(1).temp && 1000 < FORM(0).reported_date - FORM(1).reported_date < 10000';
    expect(expressions.evaluate(condition, { FORM })).toBe(true);
    expect(FORM).toHaveBeenCalledWith(0);
    expect(expressions.evaluate('FORM(5)', { FORM })).toBeUndefined();
  });

  it('re-throws a context function failure as an ExpressionError', () => {
    const err = thrown(() => expressions.evaluate('FORM(0)', { FORM: () => { throw new Error('view down'); } }));
    expect(err.kind).toBe('runtime');
    expect(err.detail).toBe('Error: view down');
  });

  it('cannot mutate the caller\'s doc', () => {
    const doc = { fields: { a: 1 }, tags: ['x'] };
    expect(expressions.evaluate('doc.fields.a = 5; doc.tags.push("y"); delete doc.fields; doc.fields', { doc })).toBeUndefined();
    expect(doc).toEqual({ fields: { a: 1 }, tags: ['x'] });
    // the values a context function returns are copies too
    const shared = { n: 1 };
    expressions.evaluate('get().n = 2', { get: () => shared });
    expect(shared.n).toBe(1);
  });

  it('gives every call a fresh context', () => {
    expressions.evaluate('globalThis.leak = 1; Object.prototype.polluted = true', {});
    expect(expressions.evaluate('typeof leak + " " + typeof ({}).polluted', {})).toBe('undefined undefined');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cannot reach process, require or the host realm', () => {
    for (const source of ['process.exit(1)', 'require("fs")', 'module', 'setTimeout']) {
      expect(thrown(() => expressions.evaluate(source, {})).detail).toMatch(/^ReferenceError: \w+ is not defined/);
    }
    expect(expressions.evaluate('typeof globalThis.process + typeof globalThis.require', {})).toBe('undefinedundefined');
    const escapes = [
      'this.constructor.constructor("return process")()',
      'doc.constructor.constructor("return process")()',
      'FORM.constructor("return process")()',
      'FORM(0).constructor.constructor("return process")()',
      'try { FORM(9) } catch (e) { e.constructor.constructor("return process")() }',
      'eval("1 + 1")',
      'Function("return 1")()',
    ];
    const FORM = (i: number) => {
      if (i > 0) throw new Error('no');
      return { a: 1 };
    };
    for (const source of escapes) {
      const err = thrown(() => expressions.evaluate(source, { doc: {}, FORM }));
      expect(err.detail).toMatch(/^EvalError: Code generation from strings disallowed/);
    }
    expect(expressions.evaluate('typeof WebAssembly + typeof Atomics + typeof SharedArrayBuffer', {})).toBe('undefinedundefinedundefined');
  });

  it('stops an endless loop quickly with a timeout error', () => {
    const quick = createExpressions({ timeoutMs: 50 });
    const started = Date.now();
    const err = thrown(() => quick.evaluate('while(true){}', {}));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.kind).toBe('timeout');
    expect(err.source).toBe('while(true){}');
    expect(err.message).toBe('timed out after 50ms (in expression "while(true){}")');
  });

  it('keeps expression code inside the time limit after it returns', () => {
    const quick = createExpressions({ timeoutMs: 50 });
    // a getter that loops runs while the result is copied out: still timed
    expect(thrown(() => quick.evaluate('({ get x() { while (true) {} } })', {})).kind).toBe('timeout');
    // and describing a thrown value
    expect(thrown(() => quick.evaluate('throw { get message() { while (true) {} } }', {})).detail).toMatch(/timed out/);
  });

  it('reports syntax errors and exceptions as ExpressionErrors with the source', () => {
    const syntax = thrown(() => expressions.evaluate('doc.lmp &&', { doc: {} }));
    expect(syntax.kind).toBe('syntax');
    expect(syntax.source).toBe('doc.lmp &&');
    expect(syntax.detail).toMatch(/^SyntaxError/);

    const runtime = thrown(() => expressions.evaluate('doc.fields.x.y', { doc: {} }));
    expect(runtime.kind).toBe('runtime');
    expect(runtime.detail).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(runtime.cause).toBeInstanceOf(Error);

    expect(thrown(() => expressions.evaluate('throw "plain"', {})).detail).toBe('threw plain');
  });

  it('refuses asynchronous code (nothing may run after the call or outside its time limit)', () => {
    for (const source of ['(async () => { while (true) {} })()', 'import("fs")', 'async function f() {}; 1']) {
      const err = thrown(() => expressions.evaluate(source, {}));
      expect(err.kind).toBe('syntax');
      expect(err.detail).toMatch(/asynchronous code/);
    }
    expect(thrown(() => expressions.evaluate('Promise.resolve(1)', {})).detail).toMatch(/^TypeError/);
    expect(expressions.evaluate('typeof Promise + typeof Array.fromAsync', {})).toBe('undefinedundefined');
    // words that merely contain them are fine
    expect(expressions.evaluate('doc.important || doc.import_date', { doc: { import_date: 'x' } })).toBe('x');
  });

  it('compiles each source once', () => {
    const engine = createExpressions();
    for (let i = 0; i < 5; i++) engine.evaluate('doc.n + 1', { doc: { n: i } });
    engine.evaluate('doc.n + 2', { doc: { n: 1 } });
    expect(() => engine.evaluate('nope nope', {})).toThrow(ExpressionError);
    expect(() => engine.evaluate('nope nope', {})).toThrow(ExpressionError);
    expect(engine.stats()).toEqual({ compiled: 3, cacheHits: 5, cached: 3 });
  });

  it('check() finds syntax errors without running anything', () => {
    expect(expressions.check('while(true){}')).toBeUndefined();
    expect(expressions.check('a b')?.kind).toBe('syntax');
    expect(expressions.check('function (r) { return r.x }', 'function')).toBeUndefined();
    expect(expressions.check('function (r) { return r.x ', 'function')?.kind).toBe('syntax');
  });

  it('rejects a bad timeout option', () => {
    expect(() => createExpressions({ timeoutMs: 0 })).toThrow(RangeError);
  });
});

describe('compileFunction', () => {
  it('compiles is_report_counted sources into callables', () => {
    const isCounted = compileFunction<boolean>("function(report, latestReport) { return report.fields.symptom === 'diarrhea' && !!latestReport; }");
    expect(isCounted({ fields: { symptom: 'diarrhea' } }, {})).toBe(true);
    expect(isCounted({ fields: { symptom: 'fever' } }, {})).toBe(false);
  });

  it('works with a trailing comment and arrow functions', () => {
    expect(compileFunction('(r) => r.n * 2 // double')({ n: 21 })).toBe(42);
  });

  it('passes copies of the arguments', () => {
    const report = { fields: { n: 1 } };
    compileFunction('function (r) { r.fields.n = 99; return true }')(report);
    expect(report.fields.n).toBe(1);
  });

  it('runs each call with the time limit', () => {
    const fn = compileFunction('function (r) { while (r) {} return false }', { timeoutMs: 30 });
    expect(fn(false)).toBe(false);
    const started = Date.now();
    expect(() => fn(true)).toThrow(/timed out after 30ms/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects sources that do not compile or are not functions', () => {
    expect(thrown(() => compileFunction('function (r) {')).kind).toBe('syntax');
    expect(thrown(() => compileFunction('true')).detail).toBe('must be a function (got boolean)');
  });

  it('cannot reach the host through its arguments', () => {
    const fn = compileFunction('function (r, cb) { return cb.constructor("return process")() }');
    expect(() => fn({}, () => 1)).toThrow(/Code generation from strings disallowed/);
  });
});
