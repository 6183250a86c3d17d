/** Generating one SMS (spec 5.3 `generate`). */
import type { Clock, Doc, Message, MessageContext, Recipient, Settings, Translations } from '../types';
import { uuidv7 } from '../util/uuid';
import { contentTranslationKey, getMessage, type MessageContent } from './content';
import { buildTemplateContext } from './context';
import { getLocale } from './locale';
import { getPhone, type RecipientResolution } from './recipients';
import { fitToLimit } from './segments';
import { renderTemplate } from './template';

export interface MessageEnv {
  settings: Settings;
  translations: Translations;
  clock: Clock;
}

export const MESSAGE_ERRORS = {
  empty: 'messages.errors.message.empty',
  patientMissing: 'messages.errors.patient.missing',
  placeMissing: 'messages.errors.place.missing',
} as const;

/**
 * The rendered text of `content` for the doc's locale, `''` when there is no template. Throws on
 * template errors.
 */
export function renderContent(env: MessageEnv, doc: Doc, content: MessageContent, extras: MessageContext = {}): string {
  const locale = getLocale(env.settings, doc);
  const template = getMessage(content, env.translations, locale);
  if (!template) return '';
  return renderTemplate(template, buildTemplateContext(doc, extras), { settings: env.settings, clock: env.clock, locale });
}

export interface Generated {
  message: Message;
  recipient: RecipientResolution;
}

/**
 * One message: uuid v7, `to` (resolved then rewritten), the rendered and possibly truncated text,
 * and an `error` key for an empty text (then there is no `message`), or for registrations passed
 * without their patient / place. Throws on template or rewrite errors.
 */
export function generate(
  env: MessageEnv,
  doc: Doc,
  content: MessageContent,
  recipient: Recipient | null | undefined,
  extras: MessageContext = {},
): Generated {
  const { settings, clock } = env;
  const context = buildTemplateContext(doc, extras);
  const resolution = getPhone(settings, context, recipient);
  const message: Message = { uuid: uuidv7(clock.nowMs()) };
  if (resolution.to !== undefined) message.to = resolution.to;

  const text = renderContent(env, doc, content, extras);
  const key = contentTranslationKey(content);
  if (!text || (key && text === key)) {
    message.error = MESSAGE_ERRORS.empty;
    return { message, recipient: resolution };
  }

  Object.assign(message, fitToLimit(text, settings));
  if (!extras.patient && extras.registrations && extras.registrations.length) {
    message.error = MESSAGE_ERRORS.patientMissing;
  }
  if (!extras.place && extras.placeRegistrations && extras.placeRegistrations.length) {
    message.error = MESSAGE_ERRORS.placeMissing;
  }
  return { message, recipient: resolution };
}
