/**
 * Gateway settings, as CHT reads them from app_settings `sms`:
 *   outgoing_service        medic-gateway (default) | rapidpro | africas-talking | anything else = none
 *   rapidpro.url            the RapidPro (or TextIt) instance, e.g. https://textit.in
 *   africas_talking.username  the AT account ("sandbox" selects the sandbox API)
 *   reply_to                the AT shortcode / sender id messages go out from
 * vigil adds `africas_talking.url` (the API's base URL; default from the username) so a proxy or a
 * test double can stand in for the real service.
 */
import type { Settings } from '../lib/types';

export const SERVICES = ['medic-gateway', 'rapidpro', 'africas-talking'] as const;
export type Service = (typeof SERVICES)[number];

const AT_LIVE = 'https://api.africastalking.com';
const AT_SANDBOX = 'https://api.sandbox.africastalking.com';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** The configured outgoing service; CHT's default is medic-gateway. Unknown names send nothing. */
export function outgoingService(settings: Settings): Service | 'none' {
  const raw = settings?.sms?.outgoing_service;
  if (raw === undefined || raw === null || raw === '') return 'medic-gateway';
  return (SERVICES as readonly string[]).includes(raw) ? (raw as Service) : 'none';
}

/** The configured name as written (for logs), when it is not one vigil can send through (`none` is deliberate). */
export function unsupportedService(settings: Settings): string | undefined {
  const raw = settings?.sms?.outgoing_service;
  if (raw === undefined || raw === null || raw === '' || raw === 'none') return undefined;
  return (SERVICES as readonly string[]).includes(raw) ? undefined : String(raw);
}

const withoutSlash = (url: string): string => url.replace(/\/+$/, '');

export function rapidproUrl(settings: Settings): string | undefined {
  const url = text(settings?.sms?.rapidpro?.url);
  return url ? withoutSlash(url) : undefined;
}

export interface AfricasTalkingSettings {
  username?: string;
  /** base URL, without the `/version1/messaging` path */
  url: string;
  from?: string;
}

export function africasTalkingSettings(settings: Settings): AfricasTalkingSettings {
  const at = settings?.sms?.africas_talking ?? {};
  const username = text(at.username);
  const url = text(at.url);
  return {
    username,
    url: url ? withoutSlash(url) : username === 'sandbox' ? AT_SANDBOX : AT_LIVE,
    from: text(settings?.sms?.reply_to),
  };
}
