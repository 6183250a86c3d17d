/** Filter conventions shared by most transitions (spec 2.4). */
import type { Doc, Settings } from '../../lib/types';

export const isReport = (doc: Doc): boolean => doc.type === 'data_record';
export const isXForm = (doc: Doc): boolean => doc.type === 'data_record' && doc.content_type === 'xml';

export function getForm(settings: Settings, code: unknown): Record<string, any> | undefined {
  if (typeof code !== 'string') return undefined;
  const forms = settings.forms;
  return forms && typeof forms === 'object' ? forms[code] : undefined;
}

/**
 * A report transitions may act on: an XForm, a public SMS form, or an SMS form whose sender is known
 * (the hydrated contact, or its parent's primary contact, has a phone).
 */
export function isValidSubmission(settings: Settings, doc: Doc): boolean {
  if (isXForm(doc)) return true;
  const form = getForm(settings, doc.form);
  if (!form) return false;
  if (form.public_form) return true;
  return !!(doc.contact?.phone || doc.contact?.parent?.contact?.phone);
}

/** The configured entry (of a list keyed by `form`) for this exact form code. */
export function configForForm<T extends { form?: unknown }>(list: unknown, form: unknown): T | undefined {
  return Array.isArray(list) ? (list as T[]).find((entry) => entry && entry.form === form) : undefined;
}
