/**
 * Where a message's text comes from (spec 5.2). A message config carries it as a `translation_key`
 * (or `translationKey`), or as `messages`/`message`: an array of `{ locale, content }` entries, or
 * a plain string used verbatim.
 */
import type { MessageConfig, Translations } from '../types';
import { DEFAULT_LOCALE } from './locale';
import { translate } from './translations';

/** The content-bearing part of a message config. */
export interface MessageContent {
  translation_key?: string;
  translationKey?: string;
  message?: MessageConfig['message'];
  messages?: MessageConfig['messages'];
}

/** The translation key a content uses, if any. */
export function contentTranslationKey(content: MessageContent | undefined): string | undefined {
  return (content && (content.translation_key || content.translationKey)) || undefined;
}

/**
 * The raw (unrendered) template for `locale`: the translation of the key; else the array entry for
 * the locale (or the first entry), trimmed; else a string verbatim. Missing → `''`.
 * Non-string legacy values are returned as they are (rendering them then fails, as in CHT).
 */
export function getMessage(content: MessageContent | undefined, translations: Translations, locale?: string): string {
  if (!content) return '';
  const key = contentTranslationKey(content);
  if (key) return translate(translations, key, locale);
  const messages = content.messages || content.message;
  if (!Array.isArray(messages) || !messages.length) return (messages as string) || '';
  const wanted = locale || DEFAULT_LOCALE;
  const entry = messages.find((m) => m && m.locale === wanted) || messages[0];
  const text = entry && entry.content;
  return (typeof text === 'string' ? text.trim() : (text as unknown as string)) || '';
}

/**
 * What `addMessage` forwards to the generator (spec 5.2 caveat): only `translation_key` and the
 * singular `message`, so a config using the plural `messages` renders empty.
 */
export function addMessageContent(config: MessageConfig | undefined): MessageContent {
  return { translation_key: config && config.translation_key, message: config && config.message };
}

/** True when a config would produce no text at all for `addMessage` (used for warnings). */
export function usesOnlyPluralMessages(config: MessageConfig | undefined): boolean {
  return !!config && !config.translation_key && !config.message && !!config.messages;
}
