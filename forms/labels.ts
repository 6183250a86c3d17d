/**
 * Field label translation (spec 7.1): a label is a string (looked up as a translation key, falling back
 * to itself) or a locale map / `{ translations: [...] }` resolved with CHT's fallbacks.
 */
import type { Settings, Translations } from '../lib/types';
import { translate } from '../lib/messages';

/** The locale API falls back to when a message has none: `settings.locale`, else `en`. */
export function defaultLocale(settings: Settings): string {
  return (typeof settings.locale === 'string' && settings.locale) || 'en';
}

type LabelObject = Record<string, unknown> & { translations?: unknown; default?: unknown };

function inLocale(label: LabelObject, locale: string): unknown {
  if (label.translations !== undefined) {
    if (!Array.isArray(label.translations)) return undefined;
    const found = label.translations.find((t) => t && typeof t === 'object' && (t as { locale?: unknown }).locale === locale);
    return found ? (found as { content?: unknown }).content : undefined;
  }
  return label[locale];
}

/**
 * A label object's text: the locale's, then `default`, then English, then the first of `translations`,
 * then the first value. Undefined when none is truthy.
 */
export function labelFromObject(label: LabelObject, locale: string): unknown {
  const first = Array.isArray(label.translations) ? label.translations[0] : undefined;
  const keys = Object.keys(label);
  return (
    inLocale(label, locale) ||
    label.default ||
    inLocale(label, 'en') ||
    (first && typeof first === 'object' ? (first as { content?: unknown }).content : undefined) ||
    (keys.length ? label[keys[0]] : undefined) ||
    undefined
  );
}

/**
 * The text of a label in `locale`; undefined when there is no label or nothing to show (CHT would go on
 * with the raw object, which can never match a message).
 */
export function translateLabel(label: unknown, translations: Translations, locale: string): string | undefined {
  if (label === undefined || label === null || label === '') return undefined;
  if (typeof label === 'object') {
    const text = labelFromObject(label as LabelObject, locale);
    return text === undefined || typeof text === 'object' ? undefined : String(text);
  }
  return translate(translations, String(label), locale);
}

/** A label translator bound to one locale. */
export type LabelTranslator = (label: unknown) => string | undefined;

export function labelTranslator(translations: Translations, locale: string): LabelTranslator {
  return (label) => translateLabel(label, translations, locale);
}
