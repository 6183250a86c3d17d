/**
 * Field type conversion (spec 7.2 step 3): raw parsed values (text, or numbers and dates from full
 * textforms) become the typed values stored in `fields`.
 */
import type { Settings } from '../lib/types';
import { parseDateText } from '../lib/messages';
import { parseNum, standardiseDigits, stripInvisible } from './chars';
import type { FieldDef } from './definition';
import type { LabelTranslator } from './labels';
import { normalizePhone } from './phone';

export interface ConvertEnv {
  settings: Settings;
  /** translates list labels of integer fields; CHT uses the default locale there, not the message's */
  defaultLabel: LabelTranslator;
  /** the IANA zone "local" dates are read in (CHT: the server's zone) */
  zone: string;
  /** collects what CHT only logs (unknown list values, invalid phones, …), for previews */
  warnings?: string[];
}

type Converter = (raw: unknown, field: FieldDef, key: string, env: ConvertEnv) => unknown;

const warn = (env: ConvertEnv, text: string): void => {
  env.warnings?.push(text);
};

function listEntries(field: FieldDef): unknown[][] {
  return Array.isArray(field.list) ? (field.list as unknown[]).filter((e): e is unknown[] => Array.isArray(e)) : [];
}

/** `moment(value)`: epoch ms as-is, text parsed (ISO in the zone, then the `Date` fallback); null when no date. */
function toEpoch(value: unknown, zone: string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const dt = parseDateText(value, zone);
  return dt ? dt.toMillis() : null;
}

const digitsText = (raw: unknown): string => String(standardiseDigits(raw));

const CONVERTERS: Record<string, Converter> = {
  integer(raw, field, key, env) {
    const cleaned = stripInvisible(String(raw)) as string;
    if (field.list) {
      const entry = listEntries(field).find((e) => String(e[0]) === cleaned);
      if (!entry) {
        warn(env, `${key}: ${JSON.stringify(raw)} is not in the field's list`);
        return null;
      }
      return env.defaultLabel(entry[1]) ?? entry[1];
    }
    return parseNum(cleaned);
  },
  string(raw, field, key, env) {
    if (field.list) {
      const cleaned = stripInvisible(raw);
      const entry = listEntries(field).find((e) => e[0] === cleaned);
      if (entry) return entry[1];
      warn(env, `${key}: ${JSON.stringify(raw)} is not in the field's list`);
      return raw;
    }
    // ids are digit strings: a full-textforms number (or Devanagari digits) becomes one
    if (key === 'patient_id' || key === 'place_id') return digitsText(stripInvisible(raw));
    return raw;
  },
  date(raw, _field, key, env) {
    const ms = toEpoch(stripInvisible(raw), env.zone);
    if (ms === null) warn(env, `${key}: ${JSON.stringify(raw)} is not a date`);
    return ms;
  },
  boolean(raw) {
    const n = parseNum(stripInvisible(raw));
    return n === 1 ? true : n === 0 ? false : null;
  },
  month(raw) {
    return parseNum(stripInvisible(raw));
  },
  phone_number(raw, _field, key, env) {
    const text = digitsText(raw);
    const e164 = normalizePhone(env.settings, text);
    if (e164) return e164;
    warn(env, `${key}: ${JSON.stringify(text)} is not a valid phone number; kept as sent`);
    return text;
  },
  bsYear: (raw) => digitsText(raw),
  bsMonth: (raw) => digitsText(raw),
  bsDay: (raw) => digitsText(raw),
};

/** Types kept raw on purpose: `complex` is JSON-only; Bikram Sambat dates are not converted by vigil. */
const RAW_TYPES = new Set(['complex', 'bsDate', 'bsAggreDate']);

/**
 * One field's typed value: types without a converter keep the raw value (even undefined); otherwise
 * undefined stays undefined, `''` becomes null, and the type's converter runs.
 */
export function convertField(field: FieldDef, raw: unknown, key: string, env: ConvertEnv): unknown {
  const type = typeof field.type === 'string' ? field.type : '';
  const converter = Object.prototype.hasOwnProperty.call(CONVERTERS, type) ? CONVERTERS[type] : undefined;
  if (!converter) {
    if (!RAW_TYPES.has(type)) warn(env, `${key}: unknown field type ${JSON.stringify(field.type)}; value kept as sent`);
    else if (type !== 'complex' && raw !== undefined) warn(env, `${key}: ${type} values are kept as sent (no Bikram Sambat conversion)`);
    return raw;
  }
  if (raw === undefined) return undefined;
  if (raw === '') return null;
  return converter(raw, field, key, env);
}
