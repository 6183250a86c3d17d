/**
 * "New pushes are in the outbox": raised after an `outbound` effect is committed, with the medic doc id,
 * so they are sent right away instead of on the next scheduled tick. In-process only; the outbox doc is
 * what makes a push durable, this only makes it prompt.
 *
 * Signals are per sentinel database, so several engines in one process (tests) only wake their own.
 */
import { EventEmitter } from 'node:events';
import type { Couch } from '../couch/client';

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** The key a signal is sent under: one per server and sentinel db (never logged: the URL has credentials). */
export const outboxTarget = (couch: Pick<Couch, 'serverUrl' | 'sentinelName'>): string => `${couch.serverUrl}/${couch.sentinelName}`;

export function notifyOutbound(target: string, docId: string): void {
  emitter.emit(target, docId);
}

/** Calls `listener` with each signalled doc id for `target`; returns the function that unsubscribes. */
export function onOutbound(target: string, listener: (docId: string) => void): () => void {
  emitter.on(target, listener);
  return () => emitter.off(target, listener);
}
