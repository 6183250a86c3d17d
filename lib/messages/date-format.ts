/**
 * moment.js format strings on luxon. CHT's `date_format` / `reported_date_format` settings are
 * moment patterns (`DD-MMM-YYYY`, `DD-MMM-YYYY HH:mm:ss`, `Do MMMM YYYY`, `[Week] W`, ...). A pattern
 * is compiled once into parts: literal text, a luxon format token, or a computed value for the few
 * moment tokens luxon has no token for (ordinals, 0-based weekday, lower-case meridiem, ...).
 * Anything moment does not treat as a token is copied literally, as moment does.
 */
import { DateTime } from 'luxon';

/** moment's default output format (`moment().format()`), an ISO 8601 string with offset. */
export const MOMENT_DEFAULT_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';

type Part = { literal: string } | { luxon: string } | { compute: (dt: DateTime) => string };

/**
 * moment's tokens, longest first; a `[...]` group and a `\x` escape are literals. Any other single
 * character is a literal unless it is a one-letter token (handled in `partFor`).
 */
const TOKEN =
  /\[[^[]*\]|\\[\s\S]|LTS|LT|LL?L?L?|l{1,4}|[Hh]mm(?:ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[ow]?|W[oW]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(?:ggg?)?|GG(?:GGG?)?|hh?|HH?|kk?|mm?|ss?|S{1,9}|zz?|ZZ?|[\s\S]/g;

const isEnglish = (dt: DateTime): boolean => /^en\b/i.test(dt.locale ?? 'en');

const pad = (n: number, width: number): string => {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
};

/** moment's English ordinal suffixes (1st, 2nd, 3rd, 4th, 11th, 22nd); other locales get the bare number. */
function ordinal(n: number, dt: DateTime): string {
  if (!isEnglish(dt)) return String(n);
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

const weekday0 = (dt: DateTime): number => dt.weekday % 7; // moment: Sunday = 0

function fraction(dt: DateTime, digits: number): string {
  const ms = pad(dt.millisecond, 3);
  return digits <= 3 ? ms.slice(0, digits) : ms + '0'.repeat(digits - 3);
}

/** moment's `Y`, `YYYYY`, `YYYYYY`: years beyond 9999 carry a sign. */
function longYear(dt: DateTime, width: number): string {
  const y = dt.year;
  const sign = y < 0 ? '-' : width === 6 || y > 9999 ? '+' : '';
  return sign + String(Math.abs(y)).padStart(width, '0');
}

/** Localised long formats: moment's English definitions; for other locales the Intl equivalents. */
const ENGLISH_LONG_FORMATS: Record<string, string> = {
  LT: 'h:mm A',
  LTS: 'h:mm:ss A',
  L: 'MM/DD/YYYY',
  LL: 'MMMM D, YYYY',
  LLL: 'MMMM D, YYYY h:mm A',
  LLLL: 'dddd, MMMM D, YYYY h:mm A',
  l: 'M/D/YYYY',
  ll: 'MMM D, YYYY',
  lll: 'MMM D, YYYY h:mm A',
  llll: 'ddd, MMM D, YYYY h:mm A',
};
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const INTL_LONG_FORMATS: Record<string, Intl.DateTimeFormatOptions> = {
  LT: TIME,
  LTS: { ...TIME, second: '2-digit' },
  L: { year: 'numeric', month: '2-digit', day: '2-digit' },
  LL: { year: 'numeric', month: 'long', day: 'numeric' },
  LLL: { year: 'numeric', month: 'long', day: 'numeric', ...TIME },
  LLLL: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', ...TIME },
  l: { year: 'numeric', month: 'numeric', day: 'numeric' },
  ll: { year: 'numeric', month: 'short', day: 'numeric' },
  lll: { year: 'numeric', month: 'short', day: 'numeric', ...TIME },
  llll: { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', ...TIME },
};

function longFormat(token: string): Part {
  return {
    compute: (dt) =>
      isEnglish(dt)
        ? formatMoment(dt, ENGLISH_LONG_FORMATS[token])
        : dt.toLocaleString(INTL_LONG_FORMATS[token]),
  };
}

const luxon = (token: string): Part => ({ luxon: token });
const compute = (fn: (dt: DateTime) => string): Part => ({ compute: fn });

/** The part for one matched moment token. */
function partFor(token: string): Part {
  if (token.startsWith('[') && token.length > 1) return { literal: token.slice(1, -1) };
  if (token.startsWith('\\') && token.length === 2) return { literal: token[1] };
  if (token in ENGLISH_LONG_FORMATS) return longFormat(token);
  switch (token) {
    // year
    case 'YYYY':
      return luxon('yyyy');
    case 'YY':
      return luxon('yy');
    case 'Y':
      return compute((dt) => (dt.year <= 9999 ? String(dt.year) : `+${dt.year}`));
    case 'YYYYY':
      return compute((dt) => longYear(dt, 5));
    case 'YYYYYY':
      return compute((dt) => longYear(dt, 6));
    case 'y':
    case 'yy':
    case 'yyy':
    case 'yyyy':
      return compute((dt) => String(Math.abs(dt.year)));
    case 'yo':
      return compute((dt) => ordinal(Math.abs(dt.year), dt));
    case 'gg':
      return luxon('ii');
    case 'gggg':
    case 'ggggg':
      return luxon('iiii');
    case 'GG':
      return luxon('kk');
    case 'GGGG':
    case 'GGGGG':
      return luxon('kkkk');
    case 'N':
    case 'NN':
    case 'NNN':
      return luxon('G');
    case 'NNNN':
      return luxon('GG');
    case 'NNNNN':
      return luxon('GGGGG');
    // quarter, month
    case 'Q':
      return luxon('q');
    case 'Qo':
      return compute((dt) => ordinal(dt.quarter, dt));
    case 'M':
      return luxon('L');
    case 'MM':
      return luxon('LL');
    case 'MMM':
      return luxon('LLL');
    case 'MMMM':
      return luxon('LLLL');
    case 'Mo':
      return compute((dt) => ordinal(dt.month, dt));
    // day of month / year
    case 'D':
      return luxon('d');
    case 'DD':
      return luxon('dd');
    case 'Do':
      return compute((dt) => ordinal(dt.day, dt));
    case 'DDD':
      return luxon('o');
    case 'DDDD':
      return luxon('ooo');
    case 'DDDo':
      return compute((dt) => ordinal(dt.ordinal, dt));
    // weekday
    case 'd':
    case 'e':
      return compute((dt) => String(weekday0(dt)));
    case 'do':
      return compute((dt) => ordinal(weekday0(dt), dt));
    case 'dd':
      return compute((dt) => dt.toFormat('ccc').slice(0, 2));
    case 'ddd':
      return luxon('ccc');
    case 'dddd':
      return luxon('cccc');
    case 'E':
      return luxon('E');
    // weeks
    case 'w':
      return luxon('n');
    case 'ww':
      return luxon('nn');
    case 'wo':
      return compute((dt) => ordinal(dt.localWeekNumber, dt));
    case 'W':
      return luxon('W');
    case 'WW':
      return luxon('WW');
    case 'Wo':
      return compute((dt) => ordinal(dt.weekNumber, dt));
    // time
    case 'H':
    case 'HH':
    case 'h':
    case 'hh':
    case 'm':
    case 'mm':
    case 's':
    case 'ss':
      return luxon(token);
    case 'k':
      return compute((dt) => String(dt.hour || 24));
    case 'kk':
      return compute((dt) => pad(dt.hour || 24, 2));
    case 'Hmm':
      return luxon('Hmm');
    case 'Hmmss':
      return luxon('Hmmss');
    case 'hmm':
      return luxon('hmm');
    case 'hmmss':
      return luxon('hmmss');
    case 'A':
      return luxon('a');
    case 'a':
      return compute((dt) => dt.toFormat('a').toLowerCase());
    case 'x':
      return compute((dt) => String(dt.toMillis()));
    case 'X':
      return compute((dt) => String(Math.floor(dt.toMillis() / 1000)));
    // zone
    case 'Z':
      return luxon('ZZ');
    case 'ZZ':
      return luxon('ZZZ');
    case 'z':
    case 'zz':
      return { literal: '' }; // moment without moment-timezone prints no zone name
  }
  if (/^S{1,9}$/.test(token)) return compute((dt) => fraction(dt, token.length));
  return { literal: token };
}

const compiled = new Map<string, Part[]>();

/** Splits a moment pattern into parts (cached per pattern: patterns come from settings). */
export function compileMomentFormat(pattern: string): Part[] {
  let parts = compiled.get(pattern);
  if (!parts) {
    parts = (pattern.match(TOKEN) ?? []).map(partFor);
    if (compiled.size > 200) compiled.clear();
    compiled.set(pattern, parts);
  }
  return parts;
}

/**
 * The luxon format string equivalent to a moment pattern, with literals quoted; `undefined` when the
 * pattern uses a token luxon cannot express (ordinals, `d`, `a`, `k`, `S`, `x`, `X`, `L…`).
 */
export function momentToLuxonFormat(pattern: string): string | undefined {
  let out = '';
  for (const part of compileMomentFormat(pattern)) {
    if ('compute' in part) return undefined;
    if ('luxon' in part) out += part.luxon;
    else if (part.literal) out += `'${part.literal.replace(/'/g, "''")}'`;
  }
  return out;
}

/** Formats `dt` (already in the wanted zone and locale) with a moment pattern. */
export function formatMoment(dt: DateTime, pattern: string = MOMENT_DEFAULT_FORMAT): string {
  if (!dt.isValid) return 'Invalid date';
  let out = '';
  for (const part of compileMomentFormat(pattern || MOMENT_DEFAULT_FORMAT)) {
    if ('literal' in part) out += part.literal;
    else if ('luxon' in part) out += dt.toFormat(part.luxon);
    else out += part.compute(dt);
  }
  return out;
}

/** A locale luxon/Intl can use for `code` (a CHT/moment locale such as `en`, `fr`, `sw`), else `en`. */
export function intlLocale(code: unknown): string {
  if (typeof code !== 'string' || !code) return 'en';
  const tag = code.replace(/_/g, '-');
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length ? tag : 'en';
  } catch {
    return 'en';
  }
}
