/**
 * Deny lists and gateway-loop protection (spec 5.7). CHT applies them to the report's sender; vigil
 * also applies them to each message's recipient (see messaging.ts, `denyTarget`).
 */
import type { Settings } from '../types';
import { samePhone } from './phone';

export type DenyReason = 'gateway_number' | 'shorter_than' | 'with_alphas' | 'deny_list';

const sanitize = (s: string): string => s.toLowerCase().trim();

/** `from` is the configured `gateway_number` (NSN or exact match). */
export function isGatewayNumber(settings: Settings, from: unknown): boolean {
  const gateway = settings.gateway_number;
  return typeof gateway === 'string' && typeof from === 'string' && samePhone(gateway, from);
}

function denyListEntries(list: unknown): string[] {
  const raw = typeof list === 'string' ? list.split(',') : Array.isArray(list) ? list : [];
  return raw.filter((e): e is string => typeof e === 'string').map(sanitize).filter(Boolean);
}

/** Why a number is denied, or undefined when messages to/for it are allowed. Empty numbers are allowed. */
export function denyReason(settings: Settings, phone: unknown): DenyReason | undefined {
  if (!phone) return undefined;
  const value = String(phone);
  if (isGatewayNumber(settings, value)) return 'gateway_number';
  const minLength = parseInt(settings.outgoing_deny_shorter_than, 10);
  if (minLength > 0 && sanitize(value).length < minLength) return 'shorter_than';
  if (settings.outgoing_deny_with_alphas === true && /[a-z]/i.test(value)) return 'with_alphas';
  const sanitized = sanitize(value);
  if (denyListEntries(settings.outgoing_deny_list).some((entry) => sanitized.startsWith(entry))) return 'deny_list';
  return undefined;
}

/** CHT's `isOutgoingAllowed(from)`. */
export function isOutgoingAllowed(settings: Settings, from: unknown): boolean {
  return denyReason(settings, from) === undefined;
}
