/**
 * Phone numbers in E.164 the way CHT's phone-number library normalises them: read in the country of
 * `default_country_code`, checked per `phone_validation` (`full`/unset: a valid number, `partial`: a
 * possible one, `none`: any parseable one), never with letters.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import type { Settings } from '../lib/types';

const LETTER = /[a-z]/i;

function parse(phone: string, callingCode: string | undefined): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(phone, callingCode ? { defaultCallingCode: callingCode } : undefined);
  } catch {
    return undefined;
  }
}

/** The number in E.164 (`+254712345678`), or false when it does not validate with these settings. */
export function normalizePhone(settings: Settings, phone: unknown): string | false {
  if (typeof phone !== 'string' || LETTER.test(phone)) return false;
  const code = settings.default_country_code;
  const callingCode = code === undefined || code === null || code === '' ? undefined : String(code);
  const parsed = parse(phone, callingCode);
  if (!parsed) return false;
  const mode = typeof settings.phone_validation === 'string' ? settings.phone_validation.toLowerCase() : '';
  const ok = mode === 'none' ? true : mode === 'partial' ? parsed.isPossible() : parsed.isValid();
  return ok ? parsed.number : false;
}
