/**
 * The muted state of one contact doc (spec 3.15 step 4): `muted` (ISO timestamp, absent when not muted)
 * and, for contacts the offline app touched, `muting_history.{server_side, client_side, last_update}`.
 */
import type { Doc } from '../types';

export const SERVER_SIDE = 'server_side';
export const CLIENT_SIDE = 'client_side';

/** What a contact's history looks like when the offline app muted or unmuted it. */
export interface ClientMutingEvent {
  muted?: boolean;
  date?: string | number;
  report_id?: string;
}

export function isLastUpdatedByClient(doc: Doc): boolean {
  return !!doc.muting_history && doc.muting_history.last_update === CLIENT_SIDE;
}

/**
 * The server already agrees with the state being written: no history at all, or the last update was
 * server-side with the same muted flag.
 */
export function isHistoryUpToDate(contact: Doc, muted: boolean): boolean {
  const history = contact.muting_history;
  if (!history) return true;
  return history.last_update === SERVER_SIDE && !!history[SERVER_SIDE] && history[SERVER_SIDE].muted === muted;
}

/**
 * Writes a mute (`muted` = the new ISO timestamp) or an unmute (`false`) into a contact, in place.
 * An already-muted contact whose history is up to date keeps its original timestamp (MUT-07); otherwise
 * the new one is written and, when the contact has a history, `server_side` / `last_update` are set.
 * `nowIso` dates the server_side entry of an unmute. Returns whether the contact changed.
 */
export function applyMuteState(contact: Doc, muted: string | false, nowIso: string): boolean {
  const upToDate = isHistoryUpToDate(contact, !!muted);
  let timestamp: string | undefined;
  if (muted) timestamp = upToDate ? contact.muted || muted : muted;

  let updated = false;
  if (!upToDate && contact.muting_history) {
    contact.muting_history[SERVER_SIDE] = { muted: !!muted, date: timestamp || nowIso };
    contact.muting_history.last_update = SERVER_SIDE;
    updated = true;
  }
  if (!upToDate || contact.muted !== timestamp) {
    updated = true;
    if (muted) contact.muted = timestamp;
    else delete contact.muted;
  }
  return updated;
}
