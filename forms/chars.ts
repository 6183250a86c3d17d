/** Character clean-ups the SMS parser applies: zero-width characters and Devanagari digits. */

/** U+200B–U+200D and U+FEFF: invisible, but phones insert them and they break code and id matching. */
const ZERO_WIDTH = /[\u200B-\u200D\uFEFF]/g;
const DEVANAGARI_DIGIT = /[\u0966-\u096F]/g;

/** Strings lose their zero-width characters; other values pass unchanged. */
export function stripInvisible<T>(value: T): T | string {
  return typeof value === 'string' ? value.replace(ZERO_WIDTH, '') : value;
}

export function hasInvisible(text: string): boolean {
  return /[\u200B-\u200D\uFEFF]/.test(text);
}

/** Devanagari digits (०-९) to ASCII, as text; falsy values pass unchanged (CHT keeps `0`, `''`, undefined). */
export function standardiseDigits(value: unknown): unknown {
  if (!value) return value;
  return String(value).replace(DEVANAGARI_DIGIT, (d) => String(d.charCodeAt(0) - 0x0966));
}

/**
 * CHT's numeric parse: undefined stays undefined; otherwise Devanagari digits are converted and the
 * text read with `Number()` (so `" 12 "` is 12, `"1e3"` 1000); empty or non-finite gives null.
 */
export function parseNum(raw: unknown): number | null | undefined {
  if (raw === undefined) return undefined;
  const std = standardiseDigits(raw);
  if (std === '') return null;
  const n = Number(std);
  return Number.isFinite(n) ? n : null;
}
