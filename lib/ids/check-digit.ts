/**
 * CHT's shortcode check digit (spec 3.6): for digits d1..dk, weights k+1, k, ..., 2; the weighted sum
 * mod 11 is appended, with 10 written as 0. E.g. "1234" -> 1*5 + 2*4 + 3*3 + 4*2 = 30, 30 mod 11 = 8.
 */

const DIGITS = /^[0-9]+$/;

/** The check digit of a string of digits (throws on anything else: a caller bug, not user input). */
export function checkDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new Error(`check digit of a non-digit string "${digits}"`);
  const k = digits.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += Number(digits[i]) * (k + 1 - i);
  const r = total % 11;
  return r === 10 ? 0 : r;
}

/** The digits with their check digit appended. */
export function withCheckDigit(digits: string): string {
  return `${digits}${checkDigit(digits)}`;
}

/** A shortcode of digits whose last one is the check digit of the others (of exactly `length`, if given). */
export function isValidShortcode(code: unknown, length?: number): boolean {
  if (typeof code !== 'string' || code.length < 2 || !DIGITS.test(code)) return false;
  if (length !== undefined && code.length !== length) return false;
  return checkDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}
