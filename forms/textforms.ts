/**
 * Full textforms (spec 7.2): `V #ID 12345 #WT 3.5 #VD 2024-05-01`, or a single `V ID 12345` segment.
 * Each `#`-separated segment is a key, then an optional date, an optional number and an optional rest.
 */
import { DateTime } from 'luxon';
import { hasFields, type FormDef } from './definition';
import type { LabelTranslator } from './labels';

const BOUNDARY = /\s*#\s*/;
const KEY = '[A-Za-z_.*]+';
/** separators between the parts: whitespace, `-` (so `-3` reads as 3) and `!` */
const SEP = '[\\s\\-!]*';
const DATE = '\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}';
/** a number starts with 1-9: `0`, `05` and `0.5` are text */
const NUMBER = '[1-9][0-9]*(?:\\.\\d*)?';
/** Not anchored at the start: text before the first key letter (e.g. `12 ab`) is skipped, as in CHT. */
const SEGMENT = new RegExp(`\\s*(${KEY})${SEP}(${DATE})?${SEP}(${NUMBER})?${SEP}(.+?)?\\s*$`);
const STRICT_ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type TextformsValue = string | number | undefined | Array<string | number | undefined>;

/**
 * `new Date(text)` the way a textforms date is read: `YYYY-MM-DD` is UTC midnight; other forms
 * (`YYYY/M/D`, `YYYY-M-D`) are local midnight, which vigil takes in the engine's zone, not the
 * server's. NaN when it is no date.
 */
export function textformsDate(text: string, zone: string): number {
  const date = new Date(text);
  const ms = date.getTime();
  if (Number.isNaN(ms) || STRICT_ISO_DATE.test(text)) return ms;
  const wall = DateTime.fromObject(
    { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes() },
    { zone },
  );
  return wall.isValid ? wall.toMillis() : NaN;
}

/** A repeated key collects its values into an array, in message order. */
function setResult(out: Record<string, TextformsValue>, key: string, value: string | number | undefined): void {
  const k = key.toLowerCase();
  const existing = out[k];
  if (existing === undefined) out[k] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else out[k] = [existing, value];
}

/**
 * Parses `text` (the message without its form code) into lower-cased keys. A number alone becomes a JS
 * number; a number followed by a rest is one string of both (`ID 12345 abc` → `"12345abc"`); a date
 * becomes epoch ms unless a number follows it (then the number wins); a rest alone stays text.
 */
export function parseTextforms(text: string, zone: string): Record<string, TextformsValue> {
  const out: Record<string, TextformsValue> = {};
  if (!text) return out;
  for (const segment of text.split(BOUNDARY)) {
    const m = SEGMENT.exec(segment);
    if (!m) continue;
    const [, key, date, number] = m;
    const rest = m[4] !== undefined && m[4].trim() !== '' ? m[4] : undefined;
    if (number !== undefined && rest !== undefined) {
      // CHT concatenates the two texts; in a repeated key it would push the unjoined pair object instead
      setResult(out, key, number + rest);
    } else if (number !== undefined) {
      setResult(out, key, parseFloat(number));
    } else if (date !== undefined) {
      setResult(out, key, textformsDate(date, zone));
    } else {
      setResult(out, key, rest);
    }
  }
  return out;
}

/**
 * Renames keys written as a field's tiny label (lower-cased, in the message locale) to the field key.
 * Only truthy values move; the label key is left undefined.
 */
export function mapTinyLabels(def: FormDef | undefined, data: Record<string, TextformsValue>, label: LabelTranslator): void {
  if (!hasFields(def)) return;
  for (const [key, field] of Object.entries(def.fields)) {
    const tiny = label(field?.labels?.tiny)?.toLowerCase();
    if (tiny === undefined || tiny === key || !data[tiny]) continue;
    data[key] = data[tiny];
    data[tiny] = undefined;
  }
}
