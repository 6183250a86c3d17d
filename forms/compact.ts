/**
 * Compact textforms (spec 7.2): `V 12345 3 "Mary Jane"`: values by position, no labels.
 */
import { fieldKeys, hasFields, type FormDef } from './definition';
import { escapeRegex } from './form-code';
import type { LabelTranslator } from './labels';

/**
 * Whether `text` starts with `label` the way CHT tests it: equal ignoring case, or the label (used as a
 * regular expression, unescaped, as CHT does) followed by a whitespace or a digit.
 */
export function startsWithLabel(text: string, label: string | undefined): boolean {
  if (!text || !label) return false;
  if (text.toLowerCase() === label.toLowerCase()) return true;
  let re: RegExp;
  try {
    re = new RegExp(`^${label}[\\s0-9]`, 'i');
  } catch {
    // a label that is no valid regular expression crashes CHT's parser; vigil takes it literally
    re = new RegExp(`^${escapeRegex(label)}[\\s0-9]`, 'i');
  }
  return re.test(text);
}

/**
 * `text` (the message without its form code) is compact unless it contains a `#` or starts with
 * a field's tiny or short label in the message locale.
 */
export function isCompact(def: FormDef | undefined, text: string, label: LabelTranslator): boolean {
  if (!text || !hasFields(def)) return false;
  if (text.includes('#')) return false;
  for (const field of Object.values(def.fields)) {
    const labels = field && field.labels;
    if (startsWithLabel(text, label(labels?.tiny)) || startsWithLabel(text, label(labels?.short))) return false;
  }
  return true;
}

/** Runs of non-space non-quote characters, or non-empty double-quoted strings. */
const TOKENS = /"[^"]+"|[^"\s]+/g;
/** The same with greedy quotes: the first `"` to the last `"` on the line is one token. */
const GREEDY_TOKENS = /".+"|[^"\s]+/g;

/**
 * Values by field order. The last field, when of type string, takes every remaining token joined by
 * single spaces; a value wrapped in double quotes loses them; extra tokens are dropped. Values stay text.
 */
export function parseCompact(def: FormDef | undefined, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text || !hasFields(def)) return out;
  const keys = fieldKeys(def);
  // CHT crashes on a text with no token (e.g. `""`); vigil parses it as no values
  let values = text.match(TOKENS) ?? [];
  if (values.length > keys.length) values = text.match(GREEDY_TOKENS) ?? [];
  for (let i = 0; i < keys.length && values.length; i++) {
    const key = keys[i];
    const lastString = i === keys.length - 1 && def.fields[key]?.type === 'string';
    let value = lastString ? values.join(' ') : (values.shift() as string);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}
