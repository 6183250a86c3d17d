/**
 * From message text to typed form data (spec 7.2 steps 2-4): choose the parser, parse, convert each
 * field, nest dotted keys.
 */
import type { Settings, Translations } from '../lib/types';
import { isCompact, parseCompact } from './compact';
import { convertField, type ConvertEnv } from './convert';
import { hasFields, type FormDef } from './definition';
import { escapeRegex } from './form-code';
import { defaultLocale, labelTranslator } from './labels';
import { muvukuPrefix, parseJavarosa, parsePositional } from './muvuku';
import { mapTinyLabels, parseTextforms } from './textforms';

/** How the message was read; `unsupported` is a Muvuku header with a prefix other than `1` or `J1`. */
export type SmsFormat = 'compact' | 'textforms' | 'muvuku' | 'javarosa' | 'unsupported' | 'none';

export interface ParseEnv {
  settings: Settings;
  /** translations including the English defaults */
  translations: Translations;
  /** the IANA zone for dates without one */
  zone: string;
  /** the message's own locale (the gateway's), if any */
  locale?: string;
}

export interface ParsedForm {
  format: SmsFormat;
  /** typed values by field key, dotted keys nested (`visit.date` → `{ visit: { date } }`) */
  data: Record<string, unknown>;
  /** a Muvuku message had more values than the form has fields */
  extraFields: boolean;
  /** what CHT only logs: unknown list values, invalid phones, unconverted types */
  warnings: string[];
}

/** The message without its form code and the separators after it (`\s ! - , : #`); unchanged without a code. */
export function stripFormCode(code: unknown, message: string): string {
  if (typeof code !== 'string') return message;
  return message.replace(new RegExp(`^\\s*${escapeRegex(code)}[\\s!\\-,:#]*`, 'i'), '');
}

/** Sets `value` at a dotted path, creating objects on the way (a non-object in the way is left alone). */
function setDeep(target: Record<string, unknown>, path: string[], value: unknown): void {
  let obj = target;
  for (const part of path.slice(0, -1)) {
    if (!obj[part]) obj[part] = {};
    if (typeof obj[part] !== 'object') return;
    obj = obj[part] as Record<string, unknown>;
  }
  obj[path[path.length - 1]] = value;
}

interface RawData {
  format: SmsFormat;
  values: Record<string, unknown>;
  extraFields: boolean;
  /** Muvuku sets every field (missing ones undefined); textforms only fields whose value is truthy */
  allFields: boolean;
}

function readRaw(def: FormDef, message: string, env: ParseEnv): RawData {
  const prefix = muvukuPrefix(message);
  if (prefix !== undefined) {
    if (prefix === '1') {
      const { values, extraFields } = parsePositional(def, message);
      return { format: 'muvuku', values, extraFields, allFields: true };
    }
    if (prefix === 'J1') {
      // javarosa labels are read in the default locale, not the message's
      const values = parseJavarosa(def, message, labelTranslator(env.translations, defaultLocale(env.settings)));
      return { format: 'javarosa', values, extraFields: false, allFields: true };
    }
    return { format: 'unsupported', values: {}, extraFields: false, allFields: false };
  }
  const label = labelTranslator(env.translations, env.locale || defaultLocale(env.settings));
  const text = stripFormCode(def.meta?.code, message);
  if (isCompact(def, text, label)) {
    return { format: 'compact', values: parseCompact(def, text), extraFields: false, allFields: false };
  }
  const values = parseTextforms(text, env.zone);
  mapTinyLabels(def, values, label);
  return { format: 'textforms', values, extraFields: false, allFields: false };
}

/** Parses `message` (whose code found `def`) into typed form data. */
export function parseFormData(def: FormDef | undefined, message: string, env: ParseEnv): ParsedForm {
  const parsed: ParsedForm = { format: 'none', data: {}, extraFields: false, warnings: [] };
  if (!message || !hasFields(def)) return parsed;
  const raw = readRaw(def, message, env);
  parsed.format = raw.format;
  parsed.extraFields = raw.extraFields;
  if (raw.format === 'unsupported') {
    parsed.warnings.push(`Muvuku prefix ${JSON.stringify(muvukuPrefix(message))} is not supported (only 1 and J1): no values read`);
    return parsed;
  }
  const convertEnv: ConvertEnv = {
    settings: env.settings,
    defaultLabel: labelTranslator(env.translations, defaultLocale(env.settings)),
    zone: env.zone,
    warnings: parsed.warnings,
  };
  for (const [key, field] of Object.entries(def.fields)) {
    if (!raw.allFields && !raw.values[key]) continue;
    setDeep(parsed.data, key.split('.'), convertField(field ?? {}, raw.values[key], key, convertEnv));
  }
  const aggregate = Object.keys(def.fields).find((k) => def.fields[k]?.type === 'bsAggreDate');
  if (aggregate) parsed.warnings.push(`${aggregate}: bsAggreDate is not computed by vigil (no Bikram Sambat conversion)`);
  return parsed;
}
