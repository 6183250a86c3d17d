/**
 * Mustache rendering the way CHT does it (spec 5.4): HTML escaping disabled (`{{x}}` equals
 * `{{{x}}}`), and the lambdas `date`, `datetime`, `bikram_sambat_date` and `local_phone` added to
 * every view, shadowing doc properties of the same name.
 */
import { Writer } from 'mustache';
import type { Clock, Settings } from '../types';
import { formatDateText } from './dates';

export interface RenderEnv {
  settings: Settings;
  clock: Clock;
  /** the message locale (spec 5.5), used for month/weekday names */
  locale?: string;
}

/**
 * A private mustache writer with a bounded template cache: rendered error texts and validation
 * replies are rendered again as templates, so the default unbounded cache would grow forever.
 */
const CACHE_LIMIT = 500;
const writer = new Writer();
const cache = new Map<string, unknown>();
(writer as unknown as { templateCache: unknown }).templateCache = {
  set(key: string, value: unknown) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
  },
  get(key: string) {
    return cache.get(key);
  },
  clear() {
    cache.clear();
  },
};

const noEscape = (value: unknown): string => value as string;

type Lambda = () => (text: string) => string;

/** The lambdas CHT adds to every view; their bodies are rendered against the whole (top-level) view. */
function lambdas(view: Record<string, unknown>, env: RenderEnv): Record<string, Lambda> {
  const { settings, clock, locale } = env;
  const body = (text: string): string => renderView(text, view);
  const formatted = (pattern: unknown) => (text: string) => formatDateText(body(text), pattern, clock.zone, locale);
  return {
    // Bikram Sambat conversion is not implemented: vigil prints the Gregorian YYYY-MM-DD instead.
    bikram_sambat_date: () => formatted('YYYY-MM-DD'),
    date: () => formatted(settings.date_format),
    datetime: () => formatted(settings.reported_date_format),
    local_phone: () => (text: string) => localPhone(body(text), settings),
  };
}

/** `{{#local_phone}}`: the trimmed text without a leading `+<default_country_code>`. */
export function localPhone(text: string, settings: Settings): string {
  const phone = text.trim();
  const code = settings.default_country_code;
  if (code === undefined || code === null || code === '') return phone;
  const prefix = `+${code}`;
  return phone.startsWith(prefix) ? phone.slice(prefix.length) : phone;
}

function renderView(template: string, view: Record<string, unknown>): string {
  return writer.render(template, view, undefined, { escape: noEscape });
}

/**
 * Renders `template` against `context` (not modified) plus the lambdas. Throws on template syntax
 * errors (and on a non-string template), which callers turn into `parse_error` entries.
 */
export function renderTemplate(template: string, context: Record<string, unknown>, env: RenderEnv): string {
  if (typeof template !== 'string') {
    throw new TypeError(`Invalid template! Template should be a "string" but "${typeof template}" was given`);
  }
  const view: Record<string, unknown> = { ...context };
  Object.assign(view, lambdas(view, env));
  return renderView(template, view);
}
