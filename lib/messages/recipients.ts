/**
 * Recipient resolution (spec 5.6) and outgoing phone rewriting (5.6.4). The resolution also says how
 * it got its answer, so the engine can log messages nobody could be found for, while the stored
 * task keeps CHT's shape (`to` is just the resolved value).
 */
import type { Recipient, Settings } from '../types';
import type { TemplateContext } from './context';
import { ancestorContactPhone, contactPhoneAfterHops, linkedContactPhone } from './lineage';
import { isValidInternationalPhone } from './phone';

/** Which rule of the 5.6 table matched an item. */
export type RecipientRule =
  | 'reporting_unit'
  | 'ancestor'
  | 'link'
  | 'parent'
  | 'grandparent'
  | 'clinic'
  | 'health_center'
  | 'district'
  | 'field'
  | 'context_key'
  | 'path'
  | 'phone'
  | 'none';

/**
 * - `rule`: an item resolved;
 * - `fallback_sender`: no item resolved (or none was given) and the message goes to the sender;
 * - `literal_first`: no item resolved and there is no sender fallback, so `to` is the first item as
 *   written (e.g. `"field1"`; never deliverable unless it happens to be a number);
 * - `none`: no recipient given and no sender: the message has no `to`.
 */
export type RecipientVia = 'rule' | 'fallback_sender' | 'literal_first' | 'none';

export interface RecipientResolution {
  /** the value for the message's `to` (CHT can put a non-string here, e.g. a numeric field) */
  to: any;
  via: RecipientVia;
  /** the recipient items tried, in order */
  items: string[];
  /** the item that resolved (via `rule`) */
  item?: string;
  rule?: RecipientRule;
}

const own = (obj: unknown, key: string): any =>
  typeof obj === 'object' && obj !== null && Object.prototype.hasOwnProperty.call(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;

/** Recipient items: a string or number or an array of them, trimmed, empties dropped. */
export function recipientItems(recipient: Recipient | null | undefined): string[] {
  const list = Array.isArray(recipient) ? recipient : [recipient];
  const items: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const trimmed = String(item).trim();
    if (trimmed) items.push(trimmed);
  }
  return items;
}

/** The sender as the message layer sees it: context `from`, else the context contact's phone. */
export function senderOf(context: TemplateContext): any {
  return context.from || (context.contact && context.contact.phone);
}

/** object-path `get` on own properties (`contact.parent.contact.phone`, `fields.phones.0`). */
export function getPath(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = own(node, key);
  }
  return node;
}

/** `settings.sms.default_to_sender`: true when unset or null, else its truthiness (as CHT). */
export function defaultToSender(settings: Settings): boolean {
  const value = settings.sms ? settings.sms.default_to_sender : undefined;
  return value === undefined || value === null ? true : !!value;
}

/**
 * Resolves one item: the first rule of the 5.6 table that matches the item decides, even when it
 * then yields nothing (`value` falsy → the caller tries the next item).
 */
export function resolveItem(context: TemplateContext, item: string): { rule: RecipientRule; value: any } {
  const { patient, place } = context;
  if (item === 'reporting_unit') return { rule: 'reporting_unit', value: senderOf(context) };
  if (item.startsWith('ancestor:')) {
    const type = item.split(':')[1];
    return {
      rule: 'ancestor',
      value:
        ancestorContactPhone(patient, type) || ancestorContactPhone(place, type) || ancestorContactPhone(context, type),
    };
  }
  if (item.startsWith('link:')) {
    const tag = item.split(':')[1];
    return {
      rule: 'link',
      value:
        linkedContactPhone(patient, tag) ||
        linkedContactPhone(place, tag) ||
        linkedContactPhone(context.contact, tag) ||
        ancestorContactPhone(patient, tag) ||
        ancestorContactPhone(place, tag) ||
        ancestorContactPhone(context.contact, tag),
    };
  }
  if (item === 'parent' || item === 'grandparent') {
    const subject = patient || place || context;
    return { rule: item, value: contactPhoneAfterHops(subject, item === 'parent' ? 2 : 3) };
  }
  if (item === 'clinic') {
    return {
      rule: 'clinic',
      value:
        ancestorContactPhone(patient, 'clinic') ||
        ancestorContactPhone(place, 'clinic') ||
        ancestorContactPhone(context, 'clinic') ||
        (context.contact && context.contact.phone),
    };
  }
  if (item === 'health_center' || item === 'district') {
    const type = item === 'health_center' ? 'health_center' : 'district_hospital';
    return {
      rule: item,
      value: ancestorContactPhone(patient, type) || ancestorContactPhone(place, type) || ancestorContactPhone(context, type),
    };
  }
  const field = own(context.fields, item);
  if (field) return { rule: 'field', value: field };
  const key = own(context, item);
  if (key) return { rule: 'context_key', value: key };
  if (item.includes('.')) return { rule: 'path', value: getPath(context, item) };
  if (isValidInternationalPhone(item)) return { rule: 'phone', value: item };
  return { rule: 'none', value: undefined };
}

/** Spec 5.6: the recipient of a message, before phone rewriting. */
export function resolveRecipient(
  settings: Settings,
  context: TemplateContext,
  recipient: Recipient | null | undefined,
): RecipientResolution {
  const items = recipientItems(recipient);
  const from = senderOf(context);
  if (!items.length) return { to: from, via: from ? 'fallback_sender' : 'none', items };
  for (const item of items) {
    const { rule, value } = resolveItem(context, item);
    if (value) return { to: value, via: 'rule', items, item, rule };
  }
  if (defaultToSender(settings) && from) return { to: from, via: 'fallback_sender', items };
  return { to: items[0], via: 'literal_first', items };
}

function requireString(phone: unknown): string {
  if (typeof phone !== 'string') {
    throw new TypeError(`cannot rewrite a recipient that is not a string: ${JSON.stringify(phone)}`);
  }
  return phone;
}

/**
 * Spec 5.6.4: `outgoing_phone_replace` (plain prefix), then each `outgoing_phone_filters` entry once
 * (first regex match; entries with a falsy `match` or `replace` skipped). A non-string recipient
 * throws when a rewrite applies (CHT's generation fails the same way → `parse_error`).
 */
export function rewritePhone(settings: Settings, phone: any): any {
  const replacement = settings.outgoing_phone_replace;
  if (phone && replacement && replacement.match) {
    const value = requireString(phone);
    const match = String(replacement.match);
    if (value.startsWith(match)) phone = (replacement.replace || '') + value.slice(match.length);
  }
  const filters = settings.outgoing_phone_filters;
  if (phone && Array.isArray(filters)) {
    for (const filter of filters) {
      if (filter && filter.match && filter.replace) {
        phone = requireString(phone).replace(new RegExp(filter.match), filter.replace);
      }
    }
  }
  return phone;
}

/** Resolution with the rewritten `to`. */
export function getPhone(
  settings: Settings,
  context: TemplateContext,
  recipient: Recipient | null | undefined,
): RecipientResolution {
  const resolution = resolveRecipient(settings, context, recipient);
  return { ...resolution, to: rewritePhone(settings, resolution.to) };
}
