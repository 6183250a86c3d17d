/**
 * The pupil rule parser (spec 2.7): tokens → a flat list of entities per block, evaluated later left
 * to right (evaluate.ts). It follows CHT's state machine, quirks included, since configs depend on them:
 * - operators carry no precedence: `a || b && c` stays the flat list [a, ||, b, &&, c];
 * - `?` makes everything parsed so far in the current block the condition; the else branch runs to
 *   the end of the block or rule (`x() ? a() : b() && c()` = `x() ? a() : (b() && c())`);
 * - a bare function name (no parentheses) right before `?` or `:` is dropped (it is only flushed by
 *   `&&`, `||`, `)` or the end of the rule), so `required ? a() : b()` has an empty, true condition;
 * - arguments must be strings or numbers (numbers as floats); `''` gives no argument at all.
 * Parsed rules are cached by rule text.
 */
import { tokenize, type Token } from './tokenizer';

export type RuleArg = string | number;

export type Entity =
  | { type: 'and' }
  | { type: 'or' }
  | { type: 'not' }
  | { type: 'func'; name: string; args: RuleArg[] }
  | { type: 'block'; sub: Entity[] }
  | { type: 'ternary'; conditions: Entity[]; ifThen: Entity[] | null; ifElse: Entity[] | null; sub: Entity[] };

type Block = Extract<Entity, { type: 'block' }>;
type Ternary = Extract<Entity, { type: 'ternary' }>;
type Func = Extract<Entity, { type: 'func' }>;

/**
 * CHT's ParserException. It serialises as `{"message":…,"pos":n}` (what ends up in the
 * "Error on pupil validations: …" error), `pos` being the token index when CHT gives one.
 */
export class RuleSyntaxError extends Error {
  constructor(message: string, readonly pos?: number) {
    super(message);
    this.name = 'RuleSyntaxError';
  }
  toJSON(): { message: string; pos?: number } {
    return this.pos === undefined ? { message: this.message } : { message: this.message, pos: this.pos };
  }
}

type Expect =
  | 'identifier'
  | 'argument'
  | 'logicalOp'
  | 'negator'
  | 'funcArgsStart'
  | 'funcArgsEnd'
  | 'argSeparator'
  | 'blockStart'
  | 'blockEnd'
  | 'ternaryThen'
  | 'ternaryElse';

const AFTER_OPERAND: Expect[] = ['logicalOp', 'blockEnd', 'ternaryThen', 'ternaryElse'];
const OPERAND: Expect[] = ['identifier', 'negator', 'blockStart'];

export function parse(tokens: Token[]): Entity[] {
  const root: Block = { type: 'block', sub: [] };
  const stack: Array<Block | Ternary> = [root];
  let current: Block | Ternary = root;
  let fn: Func | null = null;
  let flush = true;
  let accept = new Set<Expect>(OPERAND);
  const expect = (...kinds: Expect[]) => {
    accept = new Set(kinds);
  };

  tokens.forEach((token, i) => {
    const push: Entity[] = [];
    let openBlock = false;
    let closeBlock = false;

    switch (token.kind) {
      case 'string':
      case 'number':
        // CHT checks `string` then `number`, which are always accepted together: both say "string"
        if (!accept.has('argument') || !fn) throw new RuleSyntaxError('Unexpected string', i);
        flush = false;
        fn.args.push(token.kind === 'string' ? token.text : parseFloat(token.text));
        expect('argSeparator', 'funcArgsEnd');
        break;
      case 'identifier':
        if (!accept.has('identifier')) throw new RuleSyntaxError('Unexpected identifier', i);
        flush = false;
        // a pending bare function is overwritten here (see the header)
        fn = { type: 'func', name: token.text, args: [] };
        expect('logicalOp', 'funcArgsStart', 'blockEnd', 'ternaryThen', 'ternaryElse');
        break;
      case 'question': {
        if (!accept.has('ternaryThen')) throw new RuleSyntaxError("Unexpected ternary 'then'");
        const ternary: Ternary = { type: 'ternary', conditions: current.sub, ifThen: null, ifElse: null, sub: [] };
        current.sub = [ternary];
        stack.push(ternary);
        current = ternary;
        expect('identifier', 'blockStart', 'negator');
        break;
      }
      case 'colon':
        if (!accept.has('ternaryElse')) throw new RuleSyntaxError("Unexpected ternary 'else'");
        // inside a plain block (`a ? (b : c)`) CHT stores the "then" part where nothing reads it
        if (current.type === 'ternary') current.ifThen = current.sub;
        current.sub = [];
        expect('identifier', 'blockStart', 'negator');
        break;
      case 'comma':
        if (!accept.has('argSeparator')) throw new RuleSyntaxError('Unexpected function argument separator', i);
        flush = false;
        expect('argument', 'funcArgsEnd');
        break;
      case 'and':
      case 'or':
        if (!accept.has('logicalOp')) throw new RuleSyntaxError(`Unexpected logical ${token.kind === 'and' ? 'AND' : 'OR'}`, i);
        push.push({ type: token.kind });
        flush = true;
        expect(...OPERAND);
        break;
      case 'not':
        if (!accept.has('negator')) throw new RuleSyntaxError('Unexpected logical NOT', i);
        push.push({ type: 'not' });
        expect('identifier', 'blockStart');
        break;
      case 'open':
        if (fn && accept.has('funcArgsStart')) {
          flush = false;
          expect('argument', 'funcArgsEnd');
        } else if (accept.has('blockStart')) {
          openBlock = true;
          flush = true;
          expect('identifier', 'blockStart', 'blockEnd', 'negator');
        } else {
          throw new RuleSyntaxError('Unexpected opening bracket', i);
        }
        break;
      case 'close':
        if (fn && accept.has('funcArgsEnd')) {
          flush = true;
          expect(...AFTER_OPERAND);
        } else if (accept.has('blockEnd')) {
          closeBlock = true;
          flush = true;
          expect(...AFTER_OPERAND);
        } else {
          throw new RuleSyntaxError('Unexpected closing bracket', i);
        }
        break;
    }

    const last = i === tokens.length - 1;
    if (last) flush = true;
    if (flush && fn) {
      push.unshift(fn);
      fn = null;
    }
    current.sub.push(...push);

    if (openBlock) {
      const block: Block = { type: 'block', sub: [] };
      current.sub.push(block);
      stack.push(block);
      current = block;
    }
    // there is no symbol closing a ternary: a block end or the end of the rule closes one level
    if ((last || closeBlock) && current.type === 'ternary') {
      if (current.ifThen !== null) current.ifElse = current.sub;
      else current.ifThen = current.sub;
      current.sub = [];
      stack.pop();
      current = stack[stack.length - 1];
    }
    if (closeBlock) {
      if (stack.length === 1) throw new RuleSyntaxError("Can't close the root block.", i);
      stack.pop();
      current = stack[stack.length - 1];
    }
  });

  if (stack.length > 1) throw new RuleSyntaxError("All blocks weren't closed.");
  return [root];
}

/** Parsed rules by rule text. Rules come from the configuration, so the set is small; the cap is a guard. */
const cache = new Map<string, Entity[]>();
const CACHE_MAX = 2000;

/** Tokenizes and parses `rule`, cached by its text. Throws RuleSyntaxError, or TypeError for a non-string rule (as CHT). */
export function parseRule(rule: unknown): Entity[] {
  if (typeof rule !== 'string') throw new TypeError('validation rule is not a string');
  const hit = cache.get(rule);
  if (hit) return hit;
  const entities = parse(tokenize(rule));
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(rule, entities);
  return entities;
}
