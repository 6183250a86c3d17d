/**
 * Muting histories: the infodoc's server record (`muting_history: [{ muted, date, report_id }]` in the
 * sentinel db) and the offline app's `muting_history.client_side` events on contacts, replayed in order.
 */
import type { Doc, InfoDoc } from '../types';
import { CLIENT_SIDE, type ClientMutingEvent } from './contact';

export type InfodocMutingEntry = NonNullable<InfoDoc['muting_history']>[number];

/**
 * Appends an entry unless the last one has the same muted flag and report id (dates ignored): replaying
 * offline history must not duplicate it. Returns whether the infodoc changed.
 */
export function appendMutingHistory(info: { muting_history?: InfodocMutingEntry[]; [key: string]: any }, entry: InfodocMutingEntry): boolean {
  const history = (info.muting_history = Array.isArray(info.muting_history) ? info.muting_history : []);
  const last = history[history.length - 1];
  if (last && last.muted === entry.muted && last.report_id === entry.report_id) return false;
  history.push({ muted: entry.muted, date: entry.date, report_id: entry.report_id });
  return true;
}

/** The report id of the last entry of a history (infodoc or client-side), if any. */
export function lastReportId(history: unknown): string | undefined {
  if (!Array.isArray(history) || !history.length) return undefined;
  const last = history[history.length - 1];
  return last && typeof last === 'object' ? (last as { report_id?: string }).report_id : undefined;
}

/**
 * Every client-side event that follows the first event of `reportId` in each contact's history (events
 * without a report id or date are ignored, and never count as the match).
 */
export function clientEventsAfter(contacts: Doc[], reportId: string): ClientMutingEvent[] {
  const out: ClientMutingEvent[] = [];
  for (const contact of contacts) {
    const events: unknown = contact.muting_history?.[CLIENT_SIDE];
    if (!Array.isArray(events)) continue;
    let found = false;
    for (const event of events as ClientMutingEvent[]) {
      if (!event || !event.report_id || !event.date) continue;
      if (found) out.push(event);
      else if (event.report_id === reportId) found = true;
    }
  }
  return out;
}

/**
 * The report ids to replay: events sorted by date compared as strings (device dates, as CHT does),
 * deduplicated keeping the first occurrence. Stable for equal dates.
 */
export function replayQueue(events: ClientMutingEvent[]): string[] {
  const sorted = events
    .map((event, i) => ({ event, i }))
    .sort((a, b) => String(a.event.date).localeCompare(String(b.event.date)) || a.i - b.i)
    .map(({ event }) => event.report_id as string);
  return [...new Set(sorted)];
}
