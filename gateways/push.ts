/**
 * One pass of a push service over the pending messages: claim each message (send-claims.ts), call the
 * provider one message at a time, record its answer on the claim, then write the message states in
 * bulk. Messages the provider certainly did not take are retried with backoff, at most `maxAttempts`
 * times; messages that may have gone out are never sent again.
 */
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import { backoffDelay, type BackoffOptions } from '../lib/util/backoff';
import { pendingPage, type PendingPage } from './outgoing';
import { decide, takeClaim, readClaims, writeClaim, UNKNOWN_AFTER_RESTART, type SendClaim } from './send-claims';
import { applyStateUpdates, findTask } from './state-updates';
import type { GatewayConfig, OutgoingMessage, ProviderContext, PushProvider, SendResult, StateUpdate } from './types';

export const RETRY_BACKOFF: BackoffOptions = { baseMs: 30_000, maxMs: 30 * 60_000, jitter: 0.2 };

export interface PushOptions {
  couch: Couch;
  config: GatewayConfig;
  provider: PushProvider;
  ctx: ProviderContext;
  /** this process's claim owner id */
  self: string;
  leaseMs: number;
  maxAttempts: number;
  logger?: Logger;
  pageSize?: number;
  /** provider calls per pass at most (the rest waits for the next pass) */
  maxSends?: number;
  random?: () => number;
}

export interface PushReport {
  /** provider calls made */
  sent: number;
  /** refused by the provider, to be retried */
  retried: number;
  /** became failed (refused too often, outcome unknown, rejected) */
  failed: number;
  /** recorded outcomes applied after a crash, without sending */
  recovered: number;
  skipped: number;
  /** why the pass stopped early (credentials refused, throttled, not configured) */
  halted?: string;
}

const failed = (reason: string) => ({ state: 'failed', details: { reason } });

/** The claim after a send, and the state to write on the message (if any). */
export function settle(
  claim: SendClaim,
  result: SendResult,
  opts: { nowMs: number; maxAttempts: number; random?: () => number },
): { claim: SendClaim; update?: Omit<StateUpdate, 'messageId'> } {
  const at = new Date(opts.nowMs).toISOString();
  if (result.outcome === 'done') return { claim: { ...claim, status: 'done', outcome: { ...result.update, at } }, update: result.update };
  if (result.outcome === 'unknown') {
    const update = failed(`send outcome unknown: ${result.reason}`);
    return { claim: { ...claim, status: 'done', last_error: result.reason, outcome: { ...update, at } }, update };
  }
  const attempts = claim.attempts + (result.halt ? 0 : 1);
  if (attempts >= opts.maxAttempts) {
    const update = failed(`not accepted after ${attempts} attempts: ${result.reason}`);
    return { claim: { ...claim, attempts, status: 'done', last_error: result.reason, outcome: { ...update, at } }, update };
  }
  const delay = backoffDelay(Math.max(0, attempts - 1), RETRY_BACKOFF, opts.random);
  return { claim: { ...claim, attempts, status: 'retry', last_error: result.reason, next_attempt_at: new Date(opts.nowMs + delay).toISOString() } };
}

const samePosition = (a: NonNullable<PendingPage['next']>, b: NonNullable<PendingPage['next']>): boolean =>
  a.startkey_docid === b.startkey_docid && JSON.stringify(a.startkey) === JSON.stringify(b.startkey);

async function callSafely(provider: PushProvider, msg: OutgoingMessage, ctx: ProviderContext): Promise<SendResult> {
  try {
    return await provider.send(msg, ctx);
  } catch (err) {
    // a bug after the request may have left: treat it as "may have been sent"
    return { outcome: 'unknown', reason: `unexpected error: ${String((err as Error)?.message ?? err)}` };
  }
}

/** Sends what is pending through `provider`. */
export async function pushPending(opts: PushOptions): Promise<PushReport> {
  const { couch, config, provider, ctx, logger } = opts;
  const report: PushReport = { sent: 0, retried: 0, failed: 0, recovered: 0, skipped: 0 };
  const notReady = await provider.notReady(ctx);
  if (notReady) {
    report.halted = notReady;
    return report;
  }
  const pageSize = opts.pageSize ?? 50;
  const maxSends = opts.maxSends ?? 200;
  const seen = new Set<string>();
  let from: PendingPage['next'];

  pages: for (;;) {
    const page = await pendingPage(couch, config.settings, pageSize, from);
    const fresh = page.messages.filter((m) => !seen.has(m.id));
    const claims = await readClaims(couch.sentinel, fresh.map((m) => m.id));
    const updates: StateUpdate[] = [];
    let stop = false;

    for (const msg of fresh) {
      seen.add(msg.id);
      const nowMs = config.clock.nowMs();
      const claim = claims.get(msg.id);
      const decision = decide(claim, findTask(msg.doc, msg.id), { self: opts.self, nowMs, leaseMs: opts.leaseMs });

      if (decision.action === 'skip') {
        report.skipped++;
        continue;
      }
      if (decision.action === 'apply') {
        updates.push(decision.update);
        report.recovered++;
        continue;
      }
      if (decision.action === 'settle-unknown') {
        const outcome = { ...failed(UNKNOWN_AFTER_RESTART), at: new Date(nowMs).toISOString() };
        const written = await writeClaim(couch.sentinel, { ...(claim as SendClaim), status: 'done', outcome });
        if (written) {
          const { at: _at, ...update } = outcome;
          updates.push({ ...update, messageId: msg.id });
          report.failed++;
          logger?.warn('message send outcome unknown after restart: marked failed, not resent', { message_id: msg.id, doc_id: msg.doc._id, service: provider.service });
        }
        continue;
      }

      if (report.sent >= maxSends) {
        stop = true;
        break;
      }
      const mine = await writeClaim(couch.sentinel, takeClaim(claim, msg.id, provider.service, opts.self, new Date(nowMs).toISOString()));
      if (!mine) {
        report.skipped++; // another process claimed it first
        continue;
      }
      const { to, content, id } = msg;
      const result = await callSafely(provider, { id, to, content }, ctx);
      report.sent++;
      const settled = settle(mine, result, { nowMs: config.clock.nowMs(), maxAttempts: opts.maxAttempts, random: opts.random });
      try {
        await writeClaim(couch.sentinel, settled.claim);
      } catch (err) {
        // the state below still lands; the claim only matters while the message is pending
        logger?.error('recording a send claim failed', { message_id: id, error: String((err as Error)?.message ?? err) });
      }
      if (settled.update) {
        updates.push({ ...settled.update, messageId: id });
        if (settled.update.state === 'failed') report.failed++;
      } else {
        report.retried++;
      }
      logger?.info('sms pushed', {
        service: provider.service,
        message_id: id,
        doc_id: msg.doc._id,
        outcome: result.outcome,
        state: settled.update?.state ?? 'pending',
        gateway_ref: settled.update?.gatewayRef,
        reason: result.outcome === 'done' ? undefined : result.reason,
      });
      if (result.outcome === 'retry' && result.halt) {
        report.halted = result.reason;
        stop = true;
        break;
      }
    }

    if (updates.length) await applyStateUpdates(couch, updates, config.clock, logger);
    // a page that starts where the last one did would loop forever (many rows of one doc and due)
    if (stop || !page.next || (from && samePosition(from, page.next))) break pages;
    from = page.next;
  }
  return report;
}
