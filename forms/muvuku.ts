/**
 * Muvuku messages (spec 7.2): a `<prefix>!CODE!` header, then `#`-separated data. Prefix `1` is
 * positional (`1!V!12345#3#2024-05-01`), `J1` is javarosa label/value pairs (`J1!V!id#12345#wt#3`).
 */
import { fieldKeys, hasFields, type FormDef } from './definition';
import { escapeRegex } from './form-code';
import type { LabelTranslator } from './labels';

const MUVUKU = /^\s*([A-Za-z]?\d)!.+!.+/;

/** The header prefix (`1`, `J1`, …) upper-cased, or undefined when the message is not Muvuku. */
export function muvukuPrefix(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  const m = MUVUKU.exec(message);
  return m ? m[1].toUpperCase() : undefined;
}

export interface MuvukuData {
  values: Record<string, string | undefined>;
  /** more values than fields (→ error `extra_fields`) */
  extraFields: boolean;
}

/**
 * Positional: values are assigned, trimmed, to the fields in definition order. The header's third part
 * (with any further `!` kept) is the first value. Fields without a value are present as undefined.
 */
export function parsePositional(def: FormDef | undefined, message: string): MuvukuData {
  const parts = message.split('#');
  const header = parts[0].split('!');
  const values = [header.slice(2).join('!'), ...parts.slice(1)];
  const keys = fieldKeys(def);
  const out: MuvukuData = { values: {}, extraFields: false };
  if (!hasFields(def)) return out;
  for (let i = 0; i < Math.max(keys.length, values.length); i++) {
    if (i >= keys.length) {
      out.extraFields = true;
      continue;
    }
    const value = values[i];
    out.values[keys[i]] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/**
 * Splits on `#` unless escaped as `\#`. Like CHT's single-pass regex, a `#` right after a `#` that
 * already split is not a separator (`a##b` is `a`, `#b`), nor is a `#` at the very start.
 */
export function splitUnescaped(data: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < data.length - 1) {
    if (data[i] !== '\\' && data[i + 1] === '#') {
      parts.push(data.slice(start, i + 1));
      start = i + 2;
      i += 2;
    } else {
      i += 1;
    }
  }
  parts.push(data.slice(start));
  return parts;
}

/** A whole-label match ignoring case; the label is a regular expression in CHT (taken literally when invalid). */
function labelMatches(text: string, label: string): boolean {
  try {
    return new RegExp(`^${label}$`, 'i').test(text);
  } catch {
    return new RegExp(`^${escapeRegex(label)}$`, 'i').test(text);
  }
}

/**
 * Javarosa pairs after the header: `label#value#label#value…`. A field gets the value of the last pair
 * whose (trimmed) label matches its translated tiny label; `\#` in a value becomes `#`. Fields without
 * a tiny label, or not in the message, are absent.
 */
export function parseJavarosa(def: FormDef | undefined, message: string, label: LabelTranslator): Record<string, string> {
  const out: Record<string, string> = {};
  if (!hasFields(def)) return out;
  const parts = splitUnescaped(message.split('!').slice(2).join('!'));
  const labels: string[] = [];
  const values: string[] = [];
  parts.forEach((part, i) => (i % 2 === 0 ? labels.push(part.trim()) : values.push(part)));
  for (const [key, field] of Object.entries(def.fields)) {
    const tiny = field?.labels?.tiny ? label(field.labels.tiny) : undefined;
    if (!tiny) continue;
    for (let i = 0; i < labels.length && i < values.length; i++) {
      if (labelMatches(labels[i], tiny)) out[key] = values[i].replace(/\\#/g, '#');
    }
  }
  return out;
}
