/** Trigger params (spec 3.3): parsed the way CHT's init does, then read per trigger. */
import { parseTriggerParams } from '../../lib/config/semantic';

/** An object/array as is; a string starting with `[`/`{` as JSON; other strings split on commas; empty -> `{}`. */
export function parseParams(params: unknown): unknown {
  const parsed = parseTriggerParams(params);
  // settings that fail here disable the transition (validate); reaching this is a settings race
  if (!parsed.ok) throw new Error(`registration params ${parsed.error}`);
  return parsed.value;
}

export const paramObject = (params: unknown): Record<string, any> =>
  params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, any>) : {};

export const paramList = (params: unknown): unknown[] => (Array.isArray(params) ? params : []);
