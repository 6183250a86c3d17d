/** Muted state along a hydrated lineage (`doc.parent.parent...` as full docs). */
import type { Doc, InfoDoc } from '../types';
import { isLastUpdatedByClient } from './contact';

const MAX_DEPTH = 100; // lineages are cut at 50 by hydration; this only guards against a cyclic object

/**
 * The id of the closest ancestor that is muted, optionally only one muted at or before `beforeMs`.
 * A falsy `beforeMs` (NaN for an "unknown" replication date, or 0) disables the date check, as in CHT.
 */
export function mutedAncestorId(doc: Doc | undefined, beforeMs?: number): string | undefined {
  let parent = doc?.parent;
  for (let depth = 0; parent && depth < MAX_DEPTH; depth++, parent = parent.parent) {
    if (parent.muted && (beforeMs ? new Date(parent.muted).getTime() <= beforeMs : true)) return parent._id;
  }
  return undefined;
}

/** The topmost muted contact among the contact and its ancestors (the root an unmute starts from). */
export function topmostMutedId(contact: Doc): string {
  let root: string = contact._id;
  let node: Doc | undefined = contact;
  for (let depth = 0; node && depth < MAX_DEPTH; depth++, node = node.parent) {
    if (node.muted && node._id) root = node._id;
  }
  return root;
}

/** A contact is muted when it or any ancestor in its hydrated lineage is (spec 4.2 step 2). */
export function isMutedInLineage(contact: Doc | undefined): boolean {
  return !!contact && (!!contact.muted || mutedAncestorId(contact) !== undefined);
}

/**
 * The initial state of schedules assigned to a report (spec 4.2 step 2): muted when its subject — the
 * patient if any, else the place — is muted in its lineage.
 */
export function isSubjectMuted(report: Doc): boolean {
  return isMutedInLineage(report.patient || report.place || undefined);
}

/** The infodoc's first-seen time as epoch ms; NaN when "unknown" or missing (CHT's `new Date(x).getTime()`). */
export function initialReplicationMs(info: InfoDoc | undefined): number {
  const value = info?.initial_replication_date;
  return value === undefined ? NaN : new Date(value).getTime();
}

/**
 * "New contact under a muted ancestor": not muted itself, some ancestor was muted at or before the contact
 * was first seen, no muting ever recorded for it, and not last changed by the offline app.
 */
export function isNewContactWithMutedParent(doc: Doc, info: InfoDoc | undefined): boolean {
  return (
    !doc.muted &&
    mutedAncestorId(doc, initialReplicationMs(info)) !== undefined &&
    !info?.muting_history &&
    !isLastUpdatedByClient(doc)
  );
}

/**
 * Replaces the `muted` value of the contact and of each hydrated ancestor found in `projected` (the
 * contacts as earlier muting events of the same run leave them), in place.
 */
export function overlayMuted(contact: Doc | undefined, projected: ReadonlyMap<string, Doc>): void {
  let node = contact;
  for (let depth = 0; node && depth < MAX_DEPTH; depth++, node = node.parent) {
    const seen = node._id ? projected.get(node._id) : undefined;
    if (!seen) continue;
    if (seen.muted) node.muted = seen.muted;
    else delete node.muted;
  }
}
