/**
 * The due_tasks send window (spec 6.3): scheduled messages are released only while the wall clock of the
 * recipient's zone is between `schedule_morning_hours:minutes` and `schedule_evening_hours:minutes`.
 *
 * CHT semantics kept: minute granularity, both ends inclusive, no wrap-around (a morning later than the
 * evening never opens; `vigil check` warns), an evening hour of 0/absent means 23.
 * vigil fix (design §1.5): evaluated in an IANA zone, not the server's local time — the nearest
 * `timezone` in the doc's place lineage, else `settings.timezone` (the clock's zone). Wall-clock
 * minutes are compared, so on DST days 07:00 still means 07:00 local.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Doc, Settings } from '../lib/types';

/** Minutes since local midnight, both ends inclusive. */
export interface SendWindow {
  morning: number;
  evening: number;
}

/** CHT `parseInt`s these (settings sometimes carry "7"); anything else counts as absent. */
function int(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

export function sendWindow(settings: Settings): SendWindow {
  // CHT uses `x || default`, so 0 falls back too (only matters for the evening hour: 0 → 23)
  const morning = (int(settings.schedule_morning_hours) || 0) * 60 + (int(settings.schedule_morning_minutes) || 0);
  const evening = (int(settings.schedule_evening_hours) || 23) * 60 + (int(settings.schedule_evening_minutes) || 0);
  return { morning, evening };
}

/** Minutes since local midnight of an instant in a zone (wall clock, DST-aware). */
export function localMinuteOfDay(nowMs: number, zone: string): number {
  const local = DateTime.fromMillis(nowMs, { zone });
  return local.hour * 60 + local.minute;
}

export function isInSendWindow(nowMs: number, zone: string, settings: Settings): boolean {
  const { morning, evening } = sendWindow(settings);
  const minute = localMinuteOfDay(nowMs, zone);
  return morning <= minute && minute <= evening;
}

const validZone = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && IANAZone.isValidZone(value) ? value : undefined;

/** The first valid `timezone` walking from `node` up its `parent` chain (hydrated lineage). */
function nearestZone(node: unknown): string | undefined {
  let current = node as Doc | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 50; depth++) {
    const zone = validZone(current.timezone);
    if (zone) return zone;
    current = current.parent;
  }
  return undefined;
}

/**
 * The per-place zone override of a hydrated doc: the nearest `timezone` in the lineage of, in order, the
 * place the report is about, the patient and the submitter (`contact`); for any other doc (a contact),
 * its own lineage. Undefined when none is set: the caller uses the clock's zone (`settings.timezone`).
 */
export function lineageZone(doc: Doc): string | undefined {
  const starts = doc.type === 'data_record' ? [doc.place, doc.patient, doc.contact] : [doc];
  for (const start of starts) {
    const zone = nearestZone(start);
    if (zone) return zone;
  }
  return undefined;
}
