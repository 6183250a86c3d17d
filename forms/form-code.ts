/** Which form an SMS is for (spec 7.2 step 1). */
import type { Settings } from '../lib/types';
import { hasInvisible, stripInvisible } from './chars';
import { getForm, type FormDef } from './definition';

/** Textforms: the leading run up to the first whitespace or one of `! - , : #`. */
const TEXTFORMS_CODE = /^\s*([^\s!\-,:#]+)/;

/**
 * The upper-cased form code of a message, or undefined. With two or more `!` the message is taken
 * for Muvuku and the code is the second `!`-separated token, untrimmed (so `V 1! a! b` yields `" A"`).
 */
export function getFormCode(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  const bangs = message.split('!');
  if (bangs.length >= 3) return bangs[1].toUpperCase();
  const m = TEXTFORMS_CODE.exec(message);
  return m ? m[1].toUpperCase() : undefined;
}

export interface ResolvedForm {
  /** the form code (cleaned of zero-width characters when that is what found the form) */
  code: string | undefined;
  def: FormDef | undefined;
  /** the message to parse: the original, or with the cleaned code in place of the dirty one */
  message: string;
}

/**
 * The form code and definition. A code that finds no form is tried again without zero-width
 * characters; when that finds one, the message to parse carries the cleaned code.
 */
export function resolveForm(settings: Settings, message: string): ResolvedForm {
  const code = getFormCode(message);
  const def = getForm(settings, code);
  if (code && !def && hasInvisible(code)) {
    const cleaned = stripInvisible(code) as string;
    const retried = getForm(settings, cleaned);
    // CHT replaces the upper-cased code case-sensitively, missing a lower-case `v\u200B`; vigil matches either case
    if (retried) return { code: cleaned, def: retried, message: message.replace(new RegExp(escapeRegex(code), 'i'), cleaned) };
  }
  return { code, def, message };
}

export function escapeRegex(text: string): string {
  return text.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
}
