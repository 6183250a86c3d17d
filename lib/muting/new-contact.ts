/**
 * The contact branch of muting (spec 3.15, "onMatch for a contact"): a contact created under a muted
 * ancestor, or one the offline app muted/unmuted (`muting_history.last_update === "client_side"`).
 * The contact is the doc being processed, so it changes in the working copy; its registrations and its
 * infodoc's history are effects.
 */
import type { Doc, Effect, InfoDoc } from '../types';
import { registrationEffects, type CascadeEnv } from './cascade';
import { applyMuteState, CLIENT_SIDE, isLastUpdatedByClient } from './contact';
import { lastReportId } from './history';
import { initialReplicationMs, isNewContactWithMutedParent, mutedAncestorId } from './lineage';
import { OPS } from './ops';

export interface ContactEnv extends Omit<CascadeEnv, 'lookups'> {
  /** the report that muted this (ancestor) contact last, from its infodoc's muting_history */
  mutingReportIdOf(ancestor: Doc): Promise<string | undefined>;
}

export interface ContactRun {
  /** hydrated working copy of the contact */
  doc: Doc;
  info: InfoDoc;
  timestamp: string;
  notBefore: number;
}

/** The hydrated ancestor with this id, from the contact's lineage. */
function ancestorById(doc: Doc, id: string | undefined): Doc | undefined {
  for (let node = doc.parent, depth = 0; node && id && depth < 100; node = node.parent, depth++) {
    if (node._id === id) return node;
  }
  return undefined;
}

export async function processMutingContact(env: ContactEnv, run: ContactRun): Promise<{ changed: boolean; effects: Effect[] }> {
  const { doc, info, timestamp } = run;
  // Decided on the contact as it arrived, before it is changed below.
  const muted: string | false = isNewContactWithMutedParent(doc, info) || doc.muted ? timestamp : false;
  const registrations = await env.registrationsOf(env.subjectIdsOf(doc));
  const effects = registrationEffects(registrations, !!muted, run.notBefore);

  let reportId: string | undefined;
  if (isLastUpdatedByClient(doc)) {
    reportId = lastReportId(doc.muting_history[CLIENT_SIDE]);
  } else {
    const ancestor = ancestorById(doc, mutedAncestorId(doc, initialReplicationMs(info)));
    reportId = ancestor ? await env.mutingReportIdOf(ancestor) : undefined;
  }
  const entry: Record<string, unknown> = { muted: !!muted, date: muted || timestamp };
  if (reportId !== undefined) entry.report_id = reportId;
  effects.push({ kind: 'update', db: 'sentinel', id: `${doc._id}-info`, op: OPS.history, args: entry });

  const changed = applyMuteState(doc, muted, timestamp);
  return { changed, effects };
}
