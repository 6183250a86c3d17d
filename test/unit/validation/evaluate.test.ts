/** evaluate: left-to-right folding without precedence or short-circuit, ternaries, `!`, other*, unknown names. */
import { evaluate, parseRule, type FunctionTable, type RuleFunction } from '../../../lib/validation';
import { check } from './helpers';

describe('evaluate', () => {
  it('folds left to right without precedence: a || b && c = (a || b) && c', async () => {
    // JS precedence would give true || (false && false) = true
    expect(await check("equals('y') || equals('n') && equals('z')", { v: 'y' })).toBe(false);
    expect(await check("equals('n') && equals('z') || equals('y')", { v: 'y' })).toBe(true);
  });

  it('evaluates every function: no short-circuit', async () => {
    const calls: string[] = [];
    const spy = (name: string, result: unknown): RuleFunction => () => {
      calls.push(name);
      return result;
    };
    const fns: FunctionTable = new Map([
      ['no', spy('no', false)],
      ['yes', spy('yes', true)],
    ]);
    expect(await evaluate(parseRule('no() && yes() || no() && (yes() || no())'), { v: '' }, 'v', fns)).toBe(false);
    expect(calls).toEqual(['no', 'yes', 'no', 'yes', 'no']);
  });

  it('awaits asynchronous functions and keeps their raw results in the fold', async () => {
    const fns: FunctionTable = new Map<string, RuleFunction>([
      ['later', async () => undefined],
      ['yes', () => true],
    ]);
    expect(await evaluate(parseRule('yes() && later()'), {}, 'v', fns)).toBeUndefined();
    expect(await evaluate(parseRule('later() || yes()'), {}, 'v', fns)).toBe(true);
    expect(await evaluate(parseRule('!later()'), {}, 'v', fns)).toBe(true);
  });

  it('runs only the chosen ternary branch, whose else part extends to the end of the block', async () => {
    // x ? a : (b && c) — with ((x ? a : b) && c) this would be false
    expect(await check("equals('a') ? equals('a') : equals('b') && equals('c')", { v: 'a' })).toBe(true);
    expect(await check("equals('a') ? equals('a') : equals('b') && equals('c')", { v: 'b' })).toBe(false);
    expect(await check("(equals('a') ? equals('a') : equals('b')) && equals('c')", { v: 'a' })).toBe(false);
    // the then branch is everything between ? and :
    expect(await check("equals('a') ? required() && equals('b') : optional()", { v: 'a' })).toBe(false);
    // the condition is everything before ? in the block
    expect(await check("equals('x') || equals('a') ? required() : equals('zzz')", { v: 'a' })).toBe(true);
  });

  it('loses a bare function name right before ? (the condition is then empty, i.e. true)', async () => {
    expect(await check("required ? optional() : equals('zz')", { v: '' })).toBe(true);
    expect(await check("required() ? optional() : equals('zz')", { v: '' })).toBe(false);
  });

  it('negates only the next function or block', async () => {
    expect(await check("!equals('a') && equals('a')", { v: 'a' })).toBe(false);
    expect(await check("!equals('b') && equals('a')", { v: 'a' })).toBe(true);
    expect(await check("!(equals('a') || equals('b'))", { v: 'b' })).toBe(false);
  });

  it('matches function names case-insensitively', async () => {
    expect(await check('LENMIN(2) && LenMax(3)', { v: 'abc' })).toBe(true);
    expect(await check('lenmin(4)', { v: 'abc' })).toBe(false);
  });

  it('tests another field with the other prefix', async () => {
    expect(await check("otherEquals('age', 5)", { v: 'x', age: '5' })).toBe(true);
    expect(await check("otherEquals('age', 6)", { v: 'x', age: '5' })).toBe(false);
    expect(await check("otherLenMin('name', 3)", { v: '', name: 'Sam' })).toBe(true);
  });

  it('passes unknown functions', async () => {
    expect(await check('noSuchFunction(1) && required()', { v: 'x' })).toBe(true);
    expect(await check('constructor()', { v: '' })).toBe(true);
  });

  it('is true for an empty rule or no entities', async () => {
    expect(await check('', { v: '' })).toBe(true);
    expect(await evaluate(undefined, {}, 'v', new Map())).toBe(true);
  });
});
