/**
 * Translations (spec 5.5): lookup with fallback to English then to the key itself, and building the
 * `Translations` map from CHT's `messages-<locale>` docs.
 */
import type { Translations } from '../types';

const own = (obj: unknown, key: string): unknown =>
  typeof obj === 'object' && obj !== null && Object.prototype.hasOwnProperty.call(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;

/** translations[locale][key] → translations.en[key] → key; trimmed. Empty translations count as missing. */
export function translate(translations: Translations, key: string, locale?: string): string {
  const text = (locale !== undefined && own(own(translations, locale), key)) || own(translations.en, key) || key;
  return typeof text === 'string' ? text.trim() : String(text).trim();
}

/** The shape of a CHT translations doc (`_id: "messages-<code>"`, `type: "translations"`). */
export interface TranslationDoc {
  _id?: string;
  code?: string;
  generic?: Record<string, unknown>;
  custom?: Record<string, unknown>;
  /** pre-3.x docs kept their texts in `values` */
  values?: Record<string, unknown>;
  [key: string]: unknown;
}

function strings(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof source !== 'object' || source === null) return out;
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

/** Replaces `${otherKey}` with that key's (itself substituted) text; unknown keys and cycles stay literal. */
function substitute(texts: Record<string, string>): Record<string, string> {
  const done: Record<string, string> = {};
  const resolving = new Set<string>();
  const resolve = (key: string): string => {
    if (Object.prototype.hasOwnProperty.call(done, key)) return done[key];
    resolving.add(key);
    const text = texts[key].replace(PLACEHOLDER, (whole, ref: string) => {
      const name = ref.trim();
      if (!Object.prototype.hasOwnProperty.call(texts, name) || resolving.has(name)) return whole;
      return resolve(name);
    });
    resolving.delete(key);
    done[key] = text;
    return text;
  };
  for (const key of Object.keys(texts)) resolve(key);
  return done;
}

/** The locale code of a translations doc: `code`, else the `<code>` of `messages-<code>`. */
export function translationDocLocale(doc: TranslationDoc): string | undefined {
  if (typeof doc.code === 'string' && doc.code) return doc.code;
  if (typeof doc._id === 'string' && doc._id.startsWith('messages-') && doc._id.length > 9) return doc._id.slice(9);
  return undefined;
}

/** Builds `Translations` from `messages-<code>` docs: `custom` overrides `generic`, then `${key}` substitution. */
export function buildTranslations(docs: Iterable<TranslationDoc | undefined | null>): Translations {
  const merged: Record<string, Record<string, string>> = {};
  for (const doc of docs) {
    if (!doc || typeof doc !== 'object') continue;
    const code = translationDocLocale(doc);
    if (!code) continue;
    const base = doc.generic !== undefined ? doc.generic : doc.values;
    merged[code] = { ...merged[code], ...strings(base), ...strings(doc.custom) };
  }
  const out: Translations = {};
  for (const [code, texts] of Object.entries(merged)) out[code] = substitute(texts);
  return out;
}
