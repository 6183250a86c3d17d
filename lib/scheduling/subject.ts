/**
 * What a schedule reads from its subject (the patient, else the place) and the subject's hydrated
 * lineage (`parent.parent…` as full docs): whether it is muted (spec 4.2 step 2) and, in vigil, the
 * IANA zone its times follow.
 */
import { IANAZone } from 'luxon';
import type { Clock, Doc, MessageContext, Settings } from '../types';

const MAX_DEPTH = 100; // hydration cuts lineages at 50; this only guards against a cyclic object

/** The contact and its ancestors, nearest first. */
export function* lineage(contact: Doc | undefined): Generator<Doc> {
  let node = contact;
  for (let depth = 0; node && typeof node === 'object' && depth < MAX_DEPTH; depth++) {
    yield node;
    node = node.parent;
  }
}

/** The schedule's subject: the patient when there is one, else the place. */
export function subjectOf(context: MessageContext): Doc | undefined {
  return context.patient || context.place || undefined;
}

/** A contact is muted when it or any ancestor in its hydrated lineage has `muted`. */
export function isMutedInLineage(contact: Doc | undefined): boolean {
  for (const node of lineage(contact)) if (node.muted) return true;
  return false;
}

/** Tasks of a schedule start muted when its subject is (the patient's state wins over the place's). */
export function isSubjectMuted(context: MessageContext): boolean {
  return isMutedInLineage(subjectOf(context));
}

const validZone = (zone: unknown): zone is string => typeof zone === 'string' && !!zone && IANAZone.isValidZone(zone);

/**
 * The nearest valid `timezone` property on the subject or its ancestors (the patient's lineage first,
 * then the place's); invalid values are passed over.
 */
export function lineageZone(context: MessageContext): string | undefined {
  for (const start of [context.patient, context.place]) {
    for (const node of lineage(start)) if (validZone(node.timezone)) return node.timezone;
  }
  return undefined;
}

/**
 * The IANA zone a schedule's dates follow (vigil; CHT uses the server's local time): the subject
 * lineage's `timezone`, else `settings.timezone`, else the clock's zone.
 */
export function scheduleZone(settings: Settings, context: MessageContext, clock: Clock): string {
  return lineageZone(context) ?? (validZone(settings.timezone) ? settings.timezone : clock.zone);
}
