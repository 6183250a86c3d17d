/** The message locale (spec 5.5). */
import type { Settings } from '../types';

export const DEFAULT_LOCALE = 'en';

/** doc.locale → doc.sms_message.locale → settings.locale_outgoing → settings.locale → `en`. */
export function getLocale(settings: Settings, doc: Record<string, any> | undefined): string {
  return (
    (doc && doc.locale) ||
    (doc && doc.sms_message && doc.sms_message.locale) ||
    settings.locale_outgoing ||
    settings.locale ||
    DEFAULT_LOCALE
  );
}
