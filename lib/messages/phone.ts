/**
 * Phone checks the message layer needs, on libphonenumber (full metadata, as CHT's wrapper around
 * google-libphonenumber uses).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const LETTER = /[a-z]/i;

/**
 * CHT's `phoneNumber.validate({}, phone)`: full validation with empty settings, i.e. no default
 * country, so only international `+…` numbers can pass; letters are never allowed.
 */
export function isValidInternationalPhone(phone: unknown): boolean {
  if (typeof phone !== 'string' || LETTER.test(phone)) return false;
  try {
    const parsed = parsePhoneNumberFromString(phone);
    return !!parsed && parsed.isValid();
  } catch {
    return false;
  }
}

const digits = (s: string): string => s.replace(/\D/g, '');

function parseInternational(phone: string) {
  if (!phone.trim().startsWith('+')) return undefined;
  try {
    return parsePhoneNumberFromString(phone);
  } catch {
    return undefined;
  }
}

/**
 * libphonenumber's `isNumberMatch` accepting EXACT and NSN matches: two international numbers match
 * when country code and national number are equal; a national number matches an international one
 * when, read in that number's country, it has the same national number; two national numbers match
 * when their digits are equal.
 */
export function samePhone(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const pa = parseInternational(a);
  const pb = parseInternational(b);
  if (pa && pb) return pa.countryCallingCode === pb.countryCallingCode && pa.nationalNumber === pb.nationalNumber;
  const [intl, national] = pa ? [pa, b] : pb ? [pb, a] : [undefined, undefined];
  if (intl && national !== undefined) {
    if (LETTER.test(national)) return false;
    try {
      const local = parsePhoneNumberFromString(national, { defaultCallingCode: intl.countryCallingCode });
      return !!local && local.nationalNumber === intl.nationalNumber;
    } catch {
      return false;
    }
  }
  if (LETTER.test(a) || LETTER.test(b)) return false;
  const da = digits(a);
  return da.length > 0 && da === digits(b);
}
