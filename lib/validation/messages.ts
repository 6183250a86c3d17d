/**
 * The message of a failed validation rule (spec 2.7): the raw template, rendered later by the caller
 * (`messaging.addErrors`). `translation_key` translated, else the legacy `messages`/`message` (a string
 * verbatim, or the `{locale, content}` entry for the locale, else the first entry).
 * CHT only looks for text when the rule has `message` or `translation_key`: a rule with neither (even
 * with a plural `messages`) has no message, which later becomes `Error: {…}` (spec 2.5).
 */
import type { Translations } from '../types';
import { getMessage } from '../messages/content';

export interface RuleMessageConfig {
  translation_key?: string;
  message?: unknown;
  messages?: unknown;
}

export function ruleMessage(rule: RuleMessageConfig, translations: Translations, locale: string): string | undefined {
  if (!rule.message && !rule.translation_key) return undefined;
  return getMessage(
    { translation_key: rule.translation_key, message: rule.message as any, messages: rule.messages as any },
    translations,
    locale,
  );
}
