/**
 * At-most-once sending for push services. Before calling the provider, vigil creates the sentinel doc
 * `vigil:sms-send:<uuid>` (deterministic id: the create succeeding means this process owns the send),
 * then records the provider's answer on it before touching the message. After a crash:
 * - a claim still `sending` (no answer recorded) is never resent: the message becomes `failed`,
 *   "send outcome unknown after restart" (neither RapidPro nor Africa's Talking can be asked whether a
 *   given message went out);
 * - a claim with an answer whose state never reached the message gets that state applied, no resend.
 * A message that is `pending` again after its recorded outcome was applied was re-queued on purpose
 * (e.g. someone set a failed message back to pending): it is sent again.
 */
import type { Db } from '../lib/couch/client';
import { statusOf } from '../lib/couch/client';
import type { Doc, Task } from '../lib/types';
import type { StateUpdate } from './types';

export const CLAIM_PREFIX = 'vigil:sms-send:';
export const claimId = (uuid: string): string => `${CLAIM_PREFIX}${uuid}`;

export const UNKNOWN_AFTER_RESTART = 'send outcome unknown after restart';

export interface SendClaim extends Doc {
  type: 'vigil_sms_send';
  message_uuid: string;
  service: string;
  /** sending: a process is calling the provider; retry: not sent, try again later; done: outcome recorded */
  status: 'sending' | 'retry' | 'done';
  owner: string;
  claimed_at: string;
  /** refused attempts of the current send (reset when a message is re-queued) */
  attempts: number;
  /** how many times the message was handed to this claim (re-queues included) */
  sends: number;
  next_attempt_at?: string;
  last_error?: string;
  /** the state to record on the message, and when it was decided */
  outcome?: Omit<StateUpdate, 'messageId'> & { at: string };
}

export type ClaimDecision =
  | { action: 'send' }
  | { action: 'skip'; why: string }
  | { action: 'apply'; update: StateUpdate }
  | { action: 'settle-unknown' };

export interface DecideOptions {
  self: string;
  nowMs: number;
  leaseMs: number;
}

/** Did this task already record `outcome` (a history entry with that state, at or after it was decided)? */
export function outcomeApplied(task: Task | undefined, outcome: NonNullable<SendClaim['outcome']>): boolean {
  if (!task) return true; // the message is gone: nothing left to apply
  const at = Date.parse(outcome.at);
  return (task.state_history ?? []).some((h) => h?.state === outcome.state && Date.parse(h.timestamp) >= at);
}

/** What to do with a pending message given its claim (pure: the caller does the I/O). */
export function decide(claim: SendClaim | undefined, task: Task | undefined, opts: DecideOptions): ClaimDecision {
  if (!claim) return { action: 'send' };
  if (claim.status === 'sending') {
    if (claim.owner === opts.self) return { action: 'skip', why: 'being sent by this process' };
    const age = opts.nowMs - Date.parse(claim.claimed_at);
    if (age < opts.leaseMs) return { action: 'skip', why: 'being sent by another process' };
    return { action: 'settle-unknown' };
  }
  if (claim.status === 'retry') {
    if (claim.next_attempt_at && Date.parse(claim.next_attempt_at) > opts.nowMs) return { action: 'skip', why: 'waiting to retry' };
    return { action: 'send' };
  }
  if (!claim.outcome) return { action: 'send' };
  if (outcomeApplied(task, claim.outcome)) return { action: 'send' }; // re-queued on purpose
  const { at: _at, ...update } = claim.outcome;
  return { action: 'apply', update: { ...update, messageId: claim.message_uuid } };
}

/** The claim this process writes to own a send (a new one, or the next revision of an old one). */
export function takeClaim(previous: SendClaim | undefined, uuid: string, service: string, self: string, nowIso: string): SendClaim {
  const requeued = previous?.status === 'done';
  return {
    ...(previous ?? {}),
    _id: claimId(uuid),
    type: 'vigil_sms_send',
    message_uuid: uuid,
    service,
    status: 'sending',
    owner: self,
    claimed_at: nowIso,
    attempts: requeued ? 0 : (previous?.attempts ?? 0),
    sends: (previous?.sends ?? 0) + (previous && !requeued ? 0 : 1),
    next_attempt_at: undefined,
    last_error: requeued ? undefined : previous?.last_error,
    outcome: undefined,
  };
}

/** Claims by message uuid (missing ones absent). */
export async function readClaims(db: Db, uuids: string[]): Promise<Map<string, SendClaim>> {
  const out = new Map<string, SendClaim>();
  if (!uuids.length) return out;
  const res = await db.fetch({ keys: uuids.map(claimId) });
  for (const row of res.rows as any[]) {
    const doc = row?.doc as SendClaim | undefined;
    if (doc && !doc._deleted && typeof doc.message_uuid === 'string') out.set(doc.message_uuid, doc);
  }
  return out;
}

/** Writes a claim (create, or update of the revision it carries); false when someone else wrote first. */
export async function writeClaim(db: Db, claim: SendClaim): Promise<SendClaim | undefined> {
  const body = JSON.parse(JSON.stringify(claim)) as SendClaim; // undefined members dropped
  try {
    const res = await db.insert(body as any);
    return { ...body, _rev: res.rev };
  } catch (err) {
    if (statusOf(err) === 409) return undefined;
    throw err;
  }
}
