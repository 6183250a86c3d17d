/**
 * Clocks. The engine never calls Date.now() directly: it asks a Clock, so tests can freeze or skip time
 * and `synthetic_date` can pin "now" the way CHT does.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../types';

/** The process's own IANA zone (what CHT uses implicitly). */
export function processZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Validates an IANA zone name; returns the fallback when it is missing or unknown. */
export function resolveZone(zone: unknown, fallback = processZone()): string {
  return typeof zone === 'string' && zone && IANAZone.isValidZone(zone) ? zone : fallback;
}

class FunctionClock implements Clock {
  constructor(private readonly source: () => number, readonly zone: string) {}
  nowMs(): number {
    return this.source();
  }
  now(): DateTime {
    return DateTime.fromMillis(this.source(), { zone: this.zone });
  }
}

export function systemClock(zone = processZone()): Clock {
  return new FunctionClock(() => Date.now(), zone);
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number, readonly zone = 'UTC') {}
  nowMs(): number {
    return this.ms;
  }
  now(): DateTime {
    return DateTime.fromMillis(this.ms, { zone: this.zone });
  }
  set(ms: number | string): void {
    this.ms = typeof ms === 'number' ? ms : Date.parse(ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * CHT's `synthetic_date`: `YYYYMMDD[HH[mm]]`, hours default to 12, read in the engine's zone.
 * Returns epoch ms, or undefined when the value is absent or malformed.
 */
export function parseSyntheticDate(value: unknown, zone: string): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?$/.exec(String(value).trim());
  if (!m) return undefined;
  const dt = DateTime.fromObject(
    { year: +m[1], month: +m[2], day: +m[3], hour: m[4] ? +m[4] : 12, minute: m[5] ? +m[5] : 0 },
    { zone },
  );
  return dt.isValid ? dt.toMillis() : undefined;
}

/**
 * The clock the engine runs with: `base` (system or injected) unless settings carry a valid
 * synthetic_date, which freezes "now" at that instant.
 */
export function clockForSettings(settings: Record<string, any>, base: Clock): Clock {
  const zone = resolveZone(settings.timezone, base.zone);
  const synthetic = parseSyntheticDate(settings.synthetic_date, zone);
  if (synthetic !== undefined) return new FunctionClock(() => synthetic, zone);
  return new FunctionClock(() => base.nowMs(), zone);
}
