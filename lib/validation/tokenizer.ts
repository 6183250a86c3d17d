/**
 * The pupil rule tokenizer (spec 2.7). It reproduces CHT's lexer character by character, because
 * its quirks decide what existing rules mean:
 * - whitespace outside quotes is dropped without ending a word, so `bad no quotes` is one word;
 * - a backslash outside quotes puts the next character into the current word (`test\(x` = `test(x`);
 * - inside quotes every character is kept (backslashes too) and the closing quote cannot be escaped;
 * - an empty word or an empty string (`''`) produces no token at all;
 * - a word that is numeric (parseFloat and isFinite) is a number, any other word an identifier;
 * - the last character only flushes the pending word when it is not whitespace or a backslash
 *   (so `required ` with a trailing blank yields no token).
 */

export type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'comma' | 'colon' | 'question' | 'and' | 'or' | 'not' | 'open' | 'close' };

type SymbolToken = Exclude<Token, { text: string }>;

const WHITESPACE = /^\s+$/;

const SINGLE: Record<string, SymbolToken['kind']> = {
  ',': 'comma',
  ':': 'colon',
  '?': 'question',
  '!': 'not',
  '(': 'open',
  ')': 'close',
};

/** JS `!isNaN(parseFloat(s)) && isFinite(s)`: `'5'`, `'-1.5'`, `'1e3'`, also `'0x10'` (parsed later as 0). */
function isNumeric(word: string): boolean {
  return !Number.isNaN(parseFloat(word)) && Number.isFinite(Number(word));
}

export function tokenize(rule: string): Token[] {
  const chars = rule.split('');
  const out: Token[] = [];
  let word = '';
  let escaped = false;
  let quote: string | null = null;

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    let append = false;
    let ignore = false;
    let startQuote = false;
    let endQuote = false;
    const pending: SymbolToken[] = [];

    if (escaped) {
      escaped = false;
      append = true;
    } else if (ch === quote) {
      endQuote = true;
    } else if (quote !== null) {
      append = true;
    } else if (ch === '"' || ch === "'") {
      startQuote = true;
    } else if (ch === '\\') {
      escaped = true;
      ignore = true;
    } else if (ch === '&' && chars[i + 1] === '&') {
      pending.push({ kind: 'and' });
      i++;
    } else if (ch === '|' && chars[i + 1] === '|') {
      pending.push({ kind: 'or' });
      i++;
    } else if (Object.prototype.hasOwnProperty.call(SINGLE, ch)) {
      pending.push({ kind: SINGLE[ch] });
    } else if (WHITESPACE.test(ch)) {
      ignore = true;
    } else {
      append = true;
    }

    if (append) word += ch;
    // the end of the rule flushes the word, unless this last char was ignored (whitespace, backslash)
    if (i === chars.length - 1) append = false;

    if (!append && !ignore && word !== '') {
      const kind = quote !== null ? 'string' : isNumeric(word) ? 'number' : 'identifier';
      out.push({ kind, text: word });
      word = '';
    }
    if (startQuote) quote = ch;
    if (endQuote) quote = null;
    out.push(...pending);
  }
  return out;
}
