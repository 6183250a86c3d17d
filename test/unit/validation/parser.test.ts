/** tokenize / parse / parseRule: the pupil grammar and CHT's quirks (spec 2.7). */
import { parse, parseRule, ruleProblem, RuleSyntaxError, tokenize, type Entity } from '../../../lib/validation';

const funcs = (entities: Entity[]): string[] =>
  entities.flatMap((e) => {
    if (e.type === 'func') return [`${e.name}(${JSON.stringify(e.args)})`];
    if (e.type === 'block') return [`(${funcs(e.sub).join(' ')})`];
    if (e.type === 'ternary') return [`[${funcs(e.conditions).join(' ')} ? ${funcs(e.ifThen ?? []).join(' ')} : ${funcs(e.ifElse ?? []).join(' ')}]`];
    return [e.type];
  });
/** the root block's entities, written compactly */
const shape = (rule: string): string => funcs((parse(tokenize(rule))[0] as Extract<Entity, { type: 'block' }>).sub).join(' ');

const syntaxError = (rule: string): object => {
  try {
    parse(tokenize(rule));
  } catch (err) {
    expect(err).toBeInstanceOf(RuleSyntaxError);
    return JSON.parse(JSON.stringify(err));
  }
  throw new Error(`no error for ${rule}`);
};

describe('tokenize', () => {
  it('splits functions, arguments and operators', () => {
    expect(tokenize("lenMin(5) && regex('a b', \"i\") || !x()")).toEqual([
      { kind: 'identifier', text: 'lenMin' },
      { kind: 'open' },
      { kind: 'number', text: '5' },
      { kind: 'close' },
      { kind: 'and' },
      { kind: 'identifier', text: 'regex' },
      { kind: 'open' },
      { kind: 'string', text: 'a b' },
      { kind: 'comma' },
      { kind: 'string', text: 'i' },
      { kind: 'close' },
      { kind: 'or' },
      { kind: 'not' },
      { kind: 'identifier', text: 'x' },
      { kind: 'open' },
      { kind: 'close' },
    ]);
  });

  it('keeps backslashes inside quotes literally', () => {
    // the rule text regex('^\d{5}$') (JSON "regex('^\\d{5}$')")
    expect(tokenize("regex('^\\d{5}$')")[2]).toEqual({ kind: 'string', text: '^\\d{5}$' });
    // a backslash cannot escape the closing quote: the string ends there
    expect(tokenize("x('a\\')")[2]).toEqual({ kind: 'string', text: 'a\\' });
  });

  it('makes the char after a backslash outside quotes part of an identifier', () => {
    expect(tokenize('test\\(value')).toEqual([{ kind: 'identifier', text: 'test(value' }]);
  });

  it('gives no token for an empty string', () => {
    expect(tokenize("in('', 'a')").filter((t) => t.kind === 'string')).toEqual([{ kind: 'string', text: 'a' }]);
  });

  it('joins words across whitespace outside quotes', () => {
    expect(tokenize('regex(bad no quotes)')[2]).toEqual({ kind: 'identifier', text: 'badnoquotes' });
  });

  it('reads numeric words as numbers, quoted ones as strings', () => {
    expect(tokenize("f(-1.5, 1e3, '5')").filter((t) => 'text' in t)).toEqual([
      { kind: 'identifier', text: 'f' },
      { kind: 'number', text: '-1.5' },
      { kind: 'number', text: '1e3' },
      { kind: 'string', text: '5' },
    ]);
  });

  it('drops a trailing word when the rule ends with whitespace (CHT quirk)', () => {
    expect(tokenize('required ')).toEqual([]);
    expect(tokenize('required')).toEqual([{ kind: 'identifier', text: 'required' }]);
  });

  it('treats single & and | as identifier chars', () => {
    expect(tokenize('a&b|c')).toEqual([{ kind: 'identifier', text: 'a&b|c' }]);
  });
});

describe('parse', () => {
  it('keeps operators flat: no precedence', () => {
    expect(shape('a() || b() && c()')).toBe('a([]) or b([]) and c([])');
  });

  it('parses numbers as floats and strings as strings', () => {
    expect(shape("between(1, '10.5')")).toBe('between([1,"10.5"])');
  });

  it('makes everything before ? in the block the condition and extends the else branch to the end', () => {
    expect(shape("x() || y() ? a() : b() && c()")).toBe('[x([]) or y([]) ? a([]) : b([]) and c([])]');
    expect(shape("(x() ? a() : b()) && c()")).toBe('([x([]) ? a([]) : b([])]) and c([])');
  });

  it('drops a bare function name right before ? (never flushed)', () => {
    expect(shape("required ? a() : b()")).toBe('[ ? a([]) : b([])]');
  });

  it('flushes a bare function name at && and at the end', () => {
    expect(shape('required && optional')).toBe('required([]) and optional([])');
  });

  it('parses ! and blocks', () => {
    expect(shape("!(a() || b())")).toBe('not (a([]) or b([]))');
  });

  it('rejects a bare identifier as an argument, with its token position', () => {
    expect(syntaxError('regex(bad no quotes)')).toEqual({ message: 'Unexpected identifier', pos: 2 });
  });

  it('reports CHT error messages', () => {
    expect(syntaxError(')')).toEqual({ message: 'Unexpected closing bracket', pos: 0 });
    expect(syntaxError('required)')).toEqual({ message: "Can't close the root block.", pos: 1 });
    expect(syntaxError('(required')).toEqual({ message: "All blocks weren't closed." });
    expect(syntaxError('? a()')).toEqual({ message: "Unexpected ternary 'then'" });
    expect(syntaxError(': a()')).toEqual({ message: "Unexpected ternary 'else'" });
    expect(syntaxError('&& a()')).toEqual({ message: 'Unexpected logical AND', pos: 0 });
    expect(syntaxError('|| a()')).toEqual({ message: 'Unexpected logical OR', pos: 0 });
    expect(syntaxError(', a()')).toEqual({ message: 'Unexpected function argument separator', pos: 0 });
    expect(syntaxError("'x'")).toEqual({ message: 'Unexpected string', pos: 0 });
    expect(syntaxError('5')).toEqual({ message: 'Unexpected string', pos: 0 });
    expect(syntaxError('a !b')).toEqual({ message: 'Unexpected logical NOT', pos: 1 });
    expect(syntaxError('required(()')).toEqual({ message: 'Unexpected opening bracket', pos: 2 });
  });

  it('cannot close a ternary nested in an else branch (CHT quirk)', () => {
    expect(syntaxError("a() ? b() : c() ? d() : e()")).toEqual({ message: "All blocks weren't closed." });
  });

  it('accepts an empty rule', () => {
    expect(parse(tokenize(''))).toEqual([{ type: 'block', sub: [] }]);
  });
});

describe('parseRule', () => {
  it('caches parsed rules by text', () => {
    const rule = `lenMin(${Math.random()})`;
    expect(parseRule(rule)).toBe(parseRule(rule));
  });

  it('throws a TypeError for a non-string rule', () => {
    expect(() => parseRule(undefined)).toThrow(TypeError);
  });
});

describe('ruleProblem', () => {
  it('says why a rule does not parse, for vigil check', () => {
    expect(ruleProblem("lenMin(1) && regex('^\\d+$')")).toBeUndefined();
    expect(ruleProblem('regex(bad no quotes)')).toBe('Unexpected identifier (token 2)');
    expect(ruleProblem('(required')).toBe("All blocks weren't closed.");
    expect(ruleProblem(42)).toBe('the rule must be a string');
  });
});
