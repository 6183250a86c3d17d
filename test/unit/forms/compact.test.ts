import { isCompact, parseCompact, startsWithLabel } from '../../../forms/compact';
import type { FormDef } from '../../../forms/definition';
import { labelTranslator } from '../../../forms/labels';
import { visitForm } from './fixtures';

const en = labelTranslator({}, 'en');
const fr = labelTranslator({}, 'fr');

/** name (string, last) after an id and an age */
const person: FormDef = {
  meta: { code: 'P' },
  fields: {
    id: { labels: { tiny: 'i' }, type: 'string' },
    age: { labels: { tiny: 'a' }, type: 'integer' },
    name: { labels: { tiny: 'nm' }, type: 'string' },
  },
};

describe('isCompact (7.2)', () => {
  it('is compact for plain values', () => {
    expect(isCompact(visitForm(), '12345 3 1', en)).toBe(true);
  });

  it('is not compact with a #, or when empty', () => {
    expect(isCompact(visitForm(), '12345 #wt 3', en)).toBe(false);
    expect(isCompact(visitForm(), '', en)).toBe(false);
  });

  it('is not compact when the text starts with a tiny or short label followed by whitespace or a digit, ignoring case', () => {
    expect(isCompact(visitForm(), 'ID 12345', en)).toBe(false);
    expect(isCompact(visitForm(), 'id12345', en)).toBe(false);
    expect(isCompact(visitForm(), 'Patient ID 12345', en)).toBe(false);
    expect(isCompact(visitForm(), 'wt', en)).toBe(false); // the whole text equals a label
    // a label followed by a letter does not count
    expect(isCompact(visitForm(), 'idx 12345', en)).toBe(true);
  });

  it('uses the labels of the message locale', () => {
    expect(isCompact(visitForm(), 'ident 12345', en)).toBe(true);
    expect(isCompact(visitForm(), 'ident 12345', fr)).toBe(false);
  });

  it('uses the label as a regular expression, unescaped, as CHT does', () => {
    expect(startsWithLabel('wxt 3', 'w.t')).toBe(true);
    // an invalid expression is taken literally instead of crashing
    expect(startsWithLabel('w(t 3', 'w(t')).toBe(true);
    expect(startsWithLabel('wt 3', 'w(t')).toBe(false);
  });
});

describe('parseCompact (7.2)', () => {
  it('assigns tokens to fields in definition order, as text', () => {
    expect(parseCompact(visitForm(), '12345 3 1')).toEqual({ patient_id: '12345', weight: '3', danger: '1' });
  });

  it('keeps a double-quoted string as one value without its quotes', () => {
    expect(parseCompact(person, '"A 1" 3 Mary')).toEqual({ id: 'A 1', age: '3', name: 'Mary' });
  });

  it('gives the last field, when a string, every remaining token joined by single spaces', () => {
    expect(parseCompact(person, 'A1 3 Mary   Jane  Doe')).toEqual({ id: 'A1', age: '3', name: 'Mary Jane Doe' });
    expect(parseCompact(person, 'A1 3 "Mary Jane"')).toEqual({ id: 'A1', age: '3', name: 'Mary Jane' });
    // quotes go only when the joined value starts and ends with them
    expect(parseCompact(person, 'A1 3 "Mary Jane" Doe')).toEqual({ id: 'A1', age: '3', name: '"Mary Jane" Doe' });
  });

  it('drops extra tokens when the last field is not a string', () => {
    const def: FormDef = { fields: { a: { type: 'string' }, b: { type: 'integer' } } };
    expect(parseCompact(def, 'x 1 2 3')).toEqual({ a: 'x', b: '1' });
  });

  it('re-tokenises with greedy quotes when there are more tokens than fields', () => {
    const def: FormDef = { fields: { a: { type: 'string' }, b: { type: 'integer' } } };
    // non-greedy: "x" y "z" 1 = 4 tokens > 2 fields; greedy: `"x" y "z"` is one token
    expect(parseCompact(def, '"x" y "z" 1')).toEqual({ a: 'x" y "z', b: '1' });
  });

  it('leaves fields without a token out', () => {
    expect(parseCompact(person, 'A1')).toEqual({ id: 'A1' });
  });

  it('reads a text with no token as no values (CHT crashes)', () => {
    expect(parseCompact(person, '""')).toEqual({});
  });
});
