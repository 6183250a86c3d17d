/**
 * Queued user requests: one sentinel doc per contact,
 * `{ _id: "task:cht-user:<contactId>", type: "task:cht-user", contact_id, created, requests: [...] }`,
 * plus retry state (`attempts`, `next_attempt` epoch ms, `last_error`).
 *
 * The transition only asks for the doc (an `update` effect, committed after the contact is saved and
 * replayed after a crash); the users job makes the API calls. Every change here is a pure, idempotent
 * op on the fresh doc.
 */
import { allowCreate } from '../runner/effects';
import { registerUpdateOp } from '../runner/update-ops';
import type { Doc, Effect } from '../types';
import { recordOutcomes, requestKey, type RequestOutcome, type UserRequest } from './contact';

export const REQUEST_PREFIX = 'task:cht-user:';
export const REQUEST_TYPE = 'task:cht-user';
export const QUEUE_OP = 'users.queue_requests';
export const SETTLE_OP = 'users.settle_requests';
export const RECORD_OP = 'users.record_outcomes';

export interface RequestDoc extends Doc {
  type: typeof REQUEST_TYPE;
  contact_id: string;
  created: number;
  requests: UserRequest[];
  attempts?: number;
  next_attempt?: number;
  last_error?: string;
}

export const requestDocId = (contactId: string): string => `${REQUEST_PREFIX}${contactId}`;

export interface QueueArgs {
  contactId: string;
  requests: UserRequest[];
}

/** Adds requests not queued yet (by key); creates the doc. A replay adds nothing. */
export function queueRequests(doc: Doc, args: QueueArgs, nowIso: string): Doc | null {
  const current: UserRequest[] = Array.isArray(doc.requests) ? doc.requests : [];
  const keys = new Set(current.map(requestKey));
  const added = (args.requests ?? []).filter((r) => !keys.has(requestKey(r)));
  const fresh = doc.type !== REQUEST_TYPE;
  if (!added.length && !fresh) return null;
  return {
    ...doc,
    type: REQUEST_TYPE,
    contact_id: args.contactId,
    created: typeof doc.created === 'number' ? doc.created : Date.parse(nowIso),
    requests: [...current, ...added],
  };
}

export interface SettleArgs {
  /** keys of requests that are finished (whatever the outcome) */
  done: string[];
  /** when some requests must be tried again */
  retry?: { attempts: number; nextAttempt: number; error: string };
}

/** Removes finished requests and records retry state; an empty doc is deleted. */
export function settleRequests(doc: Doc, args: SettleArgs): Doc | null {
  if (doc.type !== REQUEST_TYPE) return null;
  const requests: UserRequest[] = Array.isArray(doc.requests) ? doc.requests : [];
  const done = new Set(args.done ?? []);
  const left = requests.filter((r) => !done.has(requestKey(r)));
  if (!left.length) return { _id: doc._id, _rev: doc._rev, _deleted: true };
  const next: Doc = { ...doc, requests: left };
  if (args.retry) {
    next.attempts = args.retry.attempts;
    next.next_attempt = args.retry.nextAttempt;
    next.last_error = args.retry.error;
  } else {
    delete next.attempts;
    delete next.next_attempt;
    delete next.last_error;
  }
  return next;
}

registerUpdateOp(QUEUE_OP, queueRequests);
allowCreate(QUEUE_OP);
registerUpdateOp(SETTLE_OP, settleRequests);
// on the contact (medic db): statuses, `create` removal and errors of finished requests
registerUpdateOp(RECORD_OP, (doc, args: { outcomes: RequestOutcome[] }) => recordOutcomes(doc, args?.outcomes ?? []));

export const queueEffect = (contactId: string, requests: UserRequest[]): Effect => ({
  kind: 'update',
  db: 'sentinel',
  id: requestDocId(contactId),
  op: QUEUE_OP,
  args: { contactId, requests } satisfies QueueArgs,
});
