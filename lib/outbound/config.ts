/** The `outbound` settings section as the transition and the job read it (spec 3.16). */
import type { Settings } from '../types';
import { OutboundError } from './errors';

export interface OutboundAuth {
  type?: string;
  username?: string;
  password_key?: string;
  name?: string;
  value_key?: string;
  path?: string;
}

export type MappingSpec = string | { path?: string; expr?: string; optional?: boolean };

/** vigil's retry settings for one push config (CHT has none: it retries every tick, forever). */
export interface RetrySettings {
  max_attempts?: number;
  initial_delay_seconds?: number;
  max_delay_seconds?: number;
}

export interface OutboundConfig {
  relevant_to?: string;
  cron?: string;
  destination?: { base_url?: string; path?: string; auth?: OutboundAuth };
  mapping?: Record<string, MappingSpec>;
  retry?: RetrySettings;
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Push configs in `Object.keys` order (the order CHT evaluates them in); non-objects are skipped. */
export function outboundConfigs(settings: Settings): Array<[string, OutboundConfig]> {
  const section = settings?.outbound;
  if (!isObject(section)) return [];
  return Object.entries(section).filter((entry): entry is [string, OutboundConfig] => isObject(entry[1]));
}

export function hasOutboundConfig(settings: Settings): boolean {
  return isObject(settings?.outbound) && Object.keys(settings.outbound).length > 0;
}

/** `base_url` + `path`, with exactly one slash between them. */
export function destinationUrl(name: string, config: OutboundConfig): string {
  const base = config.destination?.base_url;
  const path = config.destination?.path;
  if (typeof base !== 'string' || base === '') throw new OutboundError('config', `outbound '${name}' has no destination.base_url`);
  if (path === undefined || path === '') return base;
  if (typeof path !== 'string') throw new OutboundError('config', `outbound '${name}' has a destination.path that is not a string`);
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
