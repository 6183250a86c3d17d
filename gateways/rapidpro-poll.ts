/**
 * Follows RapidPro's statuses into message states: messages vigil sent through RapidPro that are in a
 * non-final state (received-by-gateway, forwarded-by-gateway, sent) are looked up by broadcast id.
 * RapidPro rate-limits its API, so each pass makes at most `budget` requests and continues where the
 * previous pass stopped (round robin); a 429 ends the pass.
 */
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import { queryView } from '../lib/couch/bulk';
import { VIEWS } from '../lib/couch/views';
import type { Doc } from '../lib/types';
import { RAPIDPRO_POLLED_STATES, RapidproPollError, remoteState } from './rapidpro';
import { readClaims } from './send-claims';
import { applyStateUpdates, findTask } from './state-updates';
import type { GatewayConfig, ProviderContext, StateUpdate } from './types';

/** Where polling resumes: a state of RAPIDPRO_POLLED_STATES and a view position inside it. */
export interface PollCursor {
  stateIndex: number;
  next?: { startkey: unknown; startkey_docid: string };
}

export interface PollReport {
  requests: number;
  updated: number;
  halted?: string;
}

export interface PollOptions {
  couch: Couch;
  config: GatewayConfig;
  ctx: ProviderContext;
  cursor: PollCursor;
  budget?: number;
  logger?: Logger;
}

const PAGE = 25;

/** Polls one page worth of messages; moves the cursor. */
export async function pollRapidpro(opts: PollOptions): Promise<PollReport> {
  const { couch, config, ctx, cursor, logger } = opts;
  const budget = opts.budget ?? 100;
  const report: PollReport = { requests: 0, updated: 0 };
  let statesVisited = 0;

  while (report.requests < budget && statesVisited < RAPIDPRO_POLLED_STATES.length) {
    const state = RAPIDPRO_POLLED_STATES[cursor.stateIndex % RAPIDPRO_POLLED_STATES.length];
    const res = await queryView(couch.medic, VIEWS.messages_by_state, {
      startkey: cursor.next?.startkey ?? [state, null],
      startkey_docid: cursor.next?.startkey_docid,
      endkey: [state, {}],
      include_docs: true,
      limit: PAGE + 1,
    });
    const rows = res.rows.slice(0, PAGE);
    const extra = res.rows[PAGE];
    const uuids = rows.map((r) => r.value?.id).filter((id): id is string => typeof id === 'string');
    const claims = await readClaims(couch.sentinel, uuids);
    const updates: StateUpdate[] = [];
    let halted = false;

    let stoppedAt: (typeof rows)[number] | undefined;

    for (const row of rows) {
      const uuid = row.value?.id;
      const task = typeof uuid === 'string' && row.doc ? findTask(row.doc as Doc, uuid) : undefined;
      const ref = task?.gateway_ref;
      // only what vigil itself sent through RapidPro: other references mean nothing to it
      if (!task || !ref || claims.get(uuid)?.service !== 'rapidpro') continue;
      if (report.requests >= budget) {
        stoppedAt = row;
        break;
      }
      report.requests++;
      try {
        const update = await remoteState(ctx, String(ref), uuid);
        if (update) updates.push(update);
      } catch (err) {
        if (err instanceof RapidproPollError && err.halt) {
          report.halted = err.message;
          halted = true;
          break;
        }
        logger?.warn('RapidPro status request failed; retried on a later pass', { message_id: uuid, gateway_ref: ref, error: String((err as Error).message) });
      }
    }

    if (updates.length) report.updated += (await applyStateUpdates(couch, updates, config.clock, logger)).saved;
    if (halted) break;
    const resume = stoppedAt ?? extra;
    const stuck = resume && cursor.next && resume.id === cursor.next.startkey_docid && JSON.stringify(resume.key) === JSON.stringify(cursor.next.startkey);
    if (resume && !stuck) {
      cursor.next = { startkey: resume.key, startkey_docid: resume.id as string };
      if (stoppedAt) break;
      continue;
    }
    cursor.stateIndex = (cursor.stateIndex + 1) % RAPIDPRO_POLLED_STATES.length;
    cursor.next = undefined;
    statesVisited++;
  }
  return report;
}
