/** Translated texts of the errors API puts on SMS records (spec 7.3, Appendix B). */
import type { Translations } from '../lib/types';
import { translate } from '../lib/messages';
import { DEFAULT_EN } from '../lib/i18n/defaults-en';

/** `translations` with vigil's English defaults under `en` (a caller's own texts win), as the config loader does. */
export function withDefaultTranslations(translations: Translations): Translations {
  return { ...translations, en: { ...DEFAULT_EN, ...(translations.en ?? {}) } };
}

const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/**
 * `{{name}}` / `{{a.b}}` interpolation with CHT's template semantics: null/undefined print nothing,
 * arrays print comma-joined; a name the context lacks makes the whole text stay as it is (CHT's
 * template throws a ReferenceError and keeps the raw text). Other expressions are left untouched.
 */
export function interpolate(text: string, ctx: Record<string, unknown> = {}): string {
  let missing = false;
  const out = text.replace(PLACEHOLDER, (whole, expr: string) => {
    const path = expr.trim();
    if (!PATH.test(path)) return whole;
    const [root, ...rest] = path.split('.');
    if (!Object.prototype.hasOwnProperty.call(ctx, root)) {
      missing = true;
      return whole;
    }
    let value: unknown = ctx[root];
    for (const part of rest) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[part];
    return value === null || value === undefined ? '' : String(value);
  });
  return missing ? text : out;
}

/** An error's text: `code` translated in `locale` (then English, then the code itself), interpolated with `ctx`. */
export function errorText(translations: Translations, code: string, locale: string, ctx?: Record<string, unknown>): string {
  return interpolate(translate(translations, code, locale), ctx);
}
