/**
 * Plans a mute or unmute of a subject and everything below it (spec 3.15 step 4) as effects on other
 * docs: the contacts (`muted` / `muting_history`), their registrations' scheduled tasks, and their
 * infodocs' `muting_history`. Nothing is written here; the runner applies the effects after the report
 * is saved, each as an idempotent op on the fresh doc.
 *
 * `projected` holds the contacts as the effects planned so far leave them, so a sequence of events in one
 * run (a report and the client-side events it replays) sees the state its predecessors produce.
 */
import type { Doc, Effect, Lookups } from '../types';
import { applyMuteState } from './contact';
import { clientEventsAfter } from './history';
import type { ClientMutingEvent } from './contact';
import { topmostMutedId } from './lineage';
import { OPS, type ContactArgs, type UnmuteArgs } from './ops';
import { hasMutableTasks } from './tasks';

export interface CascadeEnv {
  lookups: Pick<Lookups, 'descendants'>;
  /** subject ids of a contact (`_id`, `patient_id`, `place_id`) */
  subjectIdsOf(contact: Doc): string[];
  /** the valid registrations about any of these subject ids */
  registrationsOf(subjectIds: string[]): Promise<Doc[]>;
}

export interface MuteEvent {
  /** the hydrated subject contact (its lineage's `muted` values already projected) */
  subject: Doc;
  muted: boolean;
  reportId: string;
  /** ISO now: the `muted` value written and the date of history entries */
  timestamp: string;
  /** start of today (epoch ms): muted tasks due before it stay muted on unmute */
  notBefore: number;
}

export interface CascadePlan {
  /** the contacts the event covers (root and descendants), as stored or projected before the event */
  contacts: Doc[];
  effects: Effect[];
  /** client-side events following this report in the contacts' histories (when asked for) */
  replay: ClientMutingEvent[];
}

/** The contact an event starts from: the subject when muting, its topmost muted ancestor when unmuting. */
export function cascadeRoot(subject: Doc, muted: boolean): string {
  return muted ? subject._id : topmostMutedId(subject);
}

/**
 * Contact and infodoc effects for these contacts (pure). Every contact gets a history entry (the op
 * de-duplicates); only contacts whose state changes get a contact update. `projected` is updated.
 */
export function contactEffects(contacts: Doc[], event: Omit<MuteEvent, 'subject' | 'notBefore'>, projected: Map<string, Doc>): Effect[] {
  const muted: string | false = event.muted ? event.timestamp : false;
  const args: ContactArgs = { muted, date: event.timestamp };
  const updates: Effect[] = [];
  const histories: Effect[] = [];
  for (const contact of contacts) {
    const next = structuredClone(contact);
    if (applyMuteState(next, muted, event.timestamp)) {
      updates.push({ kind: 'update', id: contact._id, op: OPS.contact, args });
    }
    projected.set(contact._id, next);
    histories.push({
      kind: 'update',
      db: 'sentinel',
      id: `${contact._id}-info`,
      op: OPS.history,
      args: { muted: event.muted, date: event.timestamp, report_id: event.reportId },
    });
  }
  return updates.concat(histories);
}

/** Task effects for registrations (pure): one op per registration that has tasks muting can move. */
export function registrationEffects(registrations: Doc[], muted: boolean, notBefore: number): Effect[] {
  const seen = new Set<string>();
  const out: Effect[] = [];
  for (const registration of registrations) {
    if (!registration?._id || seen.has(registration._id) || !hasMutableTasks(registration)) continue;
    seen.add(registration._id);
    out.push(
      muted
        ? { kind: 'update', id: registration._id, op: OPS.muteTasks }
        : { kind: 'update', id: registration._id, op: OPS.unmuteTasks, args: { notBefore } satisfies UnmuteArgs },
    );
  }
  return out;
}

export async function planCascade(env: CascadeEnv, event: MuteEvent, projected: Map<string, Doc>, collectReplay: boolean): Promise<CascadePlan> {
  const stored = await env.lookups.descendants(cascadeRoot(event.subject, event.muted));
  const contacts = stored.map((doc) => projected.get(doc._id) ?? doc);
  // Client histories are only ever written by the offline app, so the stored ones are current.
  const replay = collectReplay ? clientEventsAfter(stored, event.reportId) : [];
  const subjectIds = [...new Set(contacts.flatMap((c) => env.subjectIdsOf(c)))];
  const registrations = subjectIds.length ? await env.registrationsOf(subjectIds) : [];
  const effects = [
    ...contactEffects(contacts, event, projected),
    ...registrationEffects(registrations, event.muted, event.notBefore),
  ];
  return { contacts, effects, replay };
}
