/**
 * The part of later.js's English schedule syntax (`text_expression`, spec 8.2) that CHT apps use:
 *
 *   at 9:00 am on Mon            at 09:00 on Mon,Wed and Fri      on mon-fri at 7:30 pm
 *   at 8:00 and 17:00 every day  every weekday at 9:00            every weekend at 10:15
 *
 * Clauses in any order, separated by blanks, "," or "and"; case-insensitive:
 * - `at|@ <time>[ (,|and) <time>]…` — times "H:MM" (24 h) or "H:MM am|pm" (12 h); at least one is required;
 * - `on <day>[ (-|to|through) <day>][ (,|and) …]` — day names as later.js reads them (sun, mon, tue[s],
 *   wed[nes], thu[r[s]], fri, sat[ur], each optionally followed by "day");
 * - `every weekday` (Mon–Fri), `every weekend` (Sat, Sun), `every day` (no day restriction).
 * Without a day clause, every day matches.
 *
 * Differences from later.js, on purpose: "12:xx am" is just after midnight (later.js reads it as noon);
 * a reversed day range ("fri-mon") wraps around the week (later.js yields no day, so never fires);
 * "every day" is accepted (later.js fails to parse it); a time is required (later.js without one fires
 * on every second of the matching days, which no reminder means). Anything else (`every 5 minutes`,
 * `on the first day`, `of march`, `except`, `also`, …) is reported as unsupported: use `cron` instead.
 *
 * The same grammar is exported as a regular expression source so the settings schema reports an
 * unsupported expression where `vigil check` shows it (lib/config/schema/reminders.ts).
 */

/** A time token: 12-hour with am/pm (tried first, it is longer) or 24-hour, as later.js tokenises it. */
const TIME = '(?:(?:0?[1-9]|1[0-2]):[0-5]\\d\\s?(?:am|pm)|(?:[01]?\\d|2[0-3]):[0-5]\\d)\\b';
const DAY = '(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?\\b';
/** "," or "and" between list items. */
const AND = '\\s*(?:,|\\band\\b)\\s*';
const THROUGH = '\\s*(?:-|\\bto\\b|\\bthrough\\b)\\s*';
const DAY_RANGE = `${DAY}(?:${THROUGH}${DAY})?`;
const AT_CLAUSE = `(?:\\bat\\b|@)\\s*${TIME}(?:${AND}${TIME})*`;
const ON_CLAUSE = `\\bon\\s+${DAY_RANGE}(?:${AND}${DAY_RANGE})*`;
const EVERY_CLAUSE = '\\bevery\\s+(?:weekday|weekend|day)\\b';
const SEPARATOR = `(?:${AND}|\\s+)`;
const OTHER_CLAUSE = `(?:${ON_CLAUSE}|${EVERY_CLAUSE})`;
const ANY_CLAUSE = `(?:${AT_CLAUSE}|${OTHER_CLAUSE})`;

/**
 * The whole supported language, for lower-case input: clauses in any order, at least one `at`.
 * (Case-insensitive use: see `caseless`.)
 */
export const TEXT_EXPRESSION_SOURCE = `^\\s*(?:${OTHER_CLAUSE}${SEPARATOR})*${AT_CLAUSE}(?:${SEPARATOR}${ANY_CLAUSE})*\\s*$`;

/**
 * A regular expression source matching letters in any case, for places that cannot pass the `i` flag
 * (a JSON schema `pattern`): each letter outside an escape becomes `[xX]`. The grammar has no letters
 * inside character classes, which this would break.
 */
export function caseless(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (/[a-z]/.test(c)) {
      out += `[${c}${c.toUpperCase()}]`;
    } else {
      out += c;
    }
  }
  return out;
}

const FULL = new RegExp(TEXT_EXPRESSION_SOURCE);

/** Longer expressions are refused before any matching (no schedule needs more). */
export const MAX_LENGTH = 200;

export interface TextSchedule {
  /** minutes since local midnight at which it fires, ascending, distinct */
  minutes: number[];
  /** weekdays it fires on (0 = Sunday … 6 = Saturday); undefined = every day */
  weekdays?: Set<number>;
}

export type TextParse = { ok: true; schedule: TextSchedule } | { ok: false; error: string };

const DAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const sticky = (source: string) => new RegExp(source, 'y');
const TOKENS = {
  blank: sticky('\\s+'),
  at: sticky('(?:at\\b|@)'),
  on: sticky('on\\b'),
  every: sticky('every\\b'),
  and: sticky('(?:,|and\\b)'),
  through: sticky('(?:-|to\\b|through\\b)'),
  time: sticky(TIME),
  day: sticky(DAY),
  everyWhat: sticky('(?:weekday|weekend|day)\\b'),
};

/** minutes since midnight of a time token ("9:00", "09:00 pm", "12:15am") */
function timeMinutes(token: string): number {
  const m = /^(\d{1,2}):(\d{2})\s?(am|pm)?$/.exec(token) as RegExpExecArray;
  let hour = Number(m[1]);
  if (m[3] === 'am' && hour === 12) hour = 0;
  else if (m[3] === 'pm' && hour < 12) hour += 12;
  return hour * 60 + Number(m[2]);
}

/** Days from `from` to `to` (0 = Sunday), wrapping past Saturday. */
function dayRange(from: number, to: number): number[] {
  const out = [from];
  for (let d = from; d !== to; ) {
    d = (d + 1) % 7;
    out.push(d);
  }
  return out;
}

class Reader {
  pos = 0;
  constructor(readonly input: string) {}

  /** Skips blanks, then consumes `re` at the current position; the matched text or undefined. */
  take(re: RegExp): string | undefined {
    this.skipBlanks();
    re.lastIndex = this.pos;
    const m = re.exec(this.input);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** Consumes `(,|and) <re>` when both are there; leaves the position alone otherwise. */
  takeListItem(re: RegExp): string | undefined {
    const saved = this.pos;
    if (this.take(TOKENS.and) !== undefined) {
      const item = this.take(re);
      if (item !== undefined) return item;
    }
    this.pos = saved;
    return undefined;
  }

  skipBlanks(): void {
    TOKENS.blank.lastIndex = this.pos;
    const m = TOKENS.blank.exec(this.input);
    if (m) this.pos += m[0].length;
  }

  get done(): boolean {
    this.skipBlanks();
    return this.pos >= this.input.length;
  }

  /** An error pointing at the current position. */
  error(what: string, hint?: string): { ok: false; error: string } {
    const rest = this.input.slice(this.pos, this.pos + 20);
    return { ok: false, error: `${what} at position ${this.pos + 1}${rest ? ` ("${rest}")` : ''}${hint ? `; ${hint}` : ''}` };
  }
}

/** Parses a `text_expression` (the subset described above). */
export function parseTextExpression(expression: string): TextParse {
  if (typeof expression !== 'string' || expression.trim() === '') return { ok: false, error: 'is empty' };
  if (expression.length > MAX_LENGTH) return { ok: false, error: `is longer than ${MAX_LENGTH} characters` };
  const r = new Reader(expression.toLowerCase());
  const minutes = new Set<number>();
  let weekdays: Set<number> | undefined;
  const addDays = (days: number[]) => {
    weekdays ??= new Set();
    days.forEach((d) => weekdays!.add(d));
  };
  let everyDay = false;

  while (!r.done) {
    if (r.take(TOKENS.at) !== undefined) {
      const first = r.take(TOKENS.time);
      if (first === undefined) return r.error('expected a time "H:MM" or "H:MM am|pm"');
      minutes.add(timeMinutes(first));
      for (let t = r.takeListItem(TOKENS.time); t !== undefined; t = r.takeListItem(TOKENS.time)) minutes.add(timeMinutes(t));
    } else if (r.take(TOKENS.on) !== undefined) {
      let day = r.take(TOKENS.day);
      if (day === undefined) return r.error('expected a day name (mon, tue, …)');
      do {
        const from = DAY_INDEX[day.slice(0, 3)];
        if (r.take(TOKENS.through) !== undefined) {
          const to = r.take(TOKENS.day);
          if (to === undefined) return r.error('expected the day that ends the range');
          addDays(dayRange(from, DAY_INDEX[to.slice(0, 3)]));
        } else {
          addDays([from]);
        }
        day = r.takeListItem(TOKENS.day);
      } while (day !== undefined);
    } else if (r.take(TOKENS.every) !== undefined) {
      const what = r.take(TOKENS.everyWhat);
      if (what === 'weekday') addDays([1, 2, 3, 4, 5]);
      else if (what === 'weekend') addDays([0, 6]);
      else if (what === 'day') everyDay = true;
      else return r.error('unsupported "every" clause', 'vigil reads "every weekday", "every weekend" and "every day" (use cron for others)');
    } else if (r.take(TOKENS.and) === undefined) {
      return r.error('unsupported clause', 'vigil reads "at <time>", "on <days>" and "every weekday|weekend|day" (use cron for others)');
    }
  }
  if (!minutes.size) return { ok: false, error: 'needs a time, e.g. "at 9:00 am"' };
  // the grammar is the authority (the schema checks the same): the reader above only finds good error positions
  if (!FULL.test(r.input)) return { ok: false, error: 'is not a supported schedule ("and"/"," only between a time or day list and the next clause)' };
  // day clauses add up, so "every day" next to day names still means every day
  return { ok: true, schedule: { minutes: [...minutes].sort((a, b) => a - b), weekdays: everyDay ? undefined : weekdays } };
}
