/**
 * RapidPro (or TextIt) as a push service, over its v2 API with `Authorization: Token <rapidpro:outgoing>`:
 *   send:   POST <url>/api/v2/broadcasts.json  { urns: ["tel:+…"], text }  → 201 { id, status, … }
 *           the broadcast id becomes the message's gateway_ref
 *   status: GET  <url>/api/v2/messages.json?broadcast=<id>  → { results: [{ status, … }] }
 * Statuses map to message states as CHT maps them (spec 6.1).
 */
import { rapidproUrl } from './config';
import { CREDENTIALS } from './credentials';
import { callProvider, excerpt, NetworkError, parseJson } from './http';
import type { OutgoingMessage, ProviderContext, PushProvider, SendResult, StateUpdate } from './types';

export interface RapidproStatus {
  state: string;
  detail: string;
  /** no later status will come: stop polling */
  final?: boolean;
}

/** RapidPro message/broadcast status → message state (CHT's map; `errored` is retried by RapidPro). */
export const RAPIDPRO_STATUSES: Readonly<Record<string, RapidproStatus>> = Object.freeze({
  queued: { state: 'received-by-gateway', detail: 'Queued' },
  wired: { state: 'forwarded-by-gateway', detail: 'Wired' },
  sent: { state: 'sent', detail: 'Sent' },
  delivered: { state: 'delivered', detail: 'Delivered', final: true },
  resent: { state: 'sent', detail: 'Resent' },
  errored: { state: 'received-by-gateway', detail: 'Errored' },
  failed: { state: 'failed', detail: 'Failed', final: true },
});

/** States whose messages may still change at RapidPro: these are polled. */
export const RAPIDPRO_POLLED_STATES: readonly string[] = [
  ...new Set(Object.values(RAPIDPRO_STATUSES).filter((s) => !s.final).map((s) => s.state)),
];

/** A status RapidPro reports; an unknown or missing one counts as queued, as in CHT. */
export function rapidproStatus(status: unknown): RapidproStatus {
  return (typeof status === 'string' && Object.prototype.hasOwnProperty.call(RAPIDPRO_STATUSES, status) && RAPIDPRO_STATUSES[status]) || RAPIDPRO_STATUSES.queued;
}

/** The broadcast body RapidPro expects for one message. */
export function broadcastBody(message: Pick<OutgoingMessage, 'to' | 'content'>): { urns: string[]; text: string } {
  return { urns: [`tel:${message.to}`], text: message.content };
}

function headers(token: string, json: boolean): Record<string, string> {
  return { authorization: `Token ${token}`, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) };
}

/** Interprets RapidPro's answer to a broadcast. Exported for tests. */
export function broadcastResult(status: number, text: string): SendResult {
  if (status >= 200 && status < 300) {
    const body = parseJson(text);
    const s = rapidproStatus(body?.status);
    const id = body?.id;
    if (id === undefined || id === null || id === '') {
      // accepted, but without an id it cannot be followed: record that it was taken
      return { outcome: 'done', update: { state: s.state, details: { reason: 'RapidPro accepted the broadcast without an id' } } };
    }
    return { outcome: 'done', update: { state: s.state, details: s.detail, gatewayRef: String(id) } };
  }
  // 400: invalid parameters, the same request will never succeed (RapidPro API docs)
  if (status === 400) return { outcome: 'done', update: { state: 'failed', details: { reason: `RapidPro rejected the message (400)${text ? `: ${excerpt(text)}` : ''}` } } };
  if (status === 401 || status === 403) return { outcome: 'retry', reason: `RapidPro refused the API token (${status})`, halt: true };
  if (status === 429) return { outcome: 'retry', reason: 'RapidPro rate limit reached (429)', halt: true };
  return { outcome: 'retry', reason: `RapidPro answered ${status}` };
}

export const rapidpro: PushProvider = {
  service: 'rapidpro',

  async notReady(ctx: ProviderContext) {
    if (!rapidproUrl(ctx.settings)) return 'sms.rapidpro.url is not set';
    if (!(await ctx.credential(CREDENTIALS.rapidproOutgoing))) return `no credential '${CREDENTIALS.rapidproOutgoing}' (vault) or VIGIL_RAPIDPRO_TOKEN`;
    return undefined;
  },

  async send(message: OutgoingMessage, ctx: ProviderContext): Promise<SendResult> {
    const url = `${rapidproUrl(ctx.settings)}/api/v2/broadcasts.json`;
    const token = (await ctx.credential(CREDENTIALS.rapidproOutgoing)) as string;
    try {
      const res = await callProvider(ctx.fetch, url, { method: 'POST', headers: headers(token, true), body: JSON.stringify(broadcastBody(message)) }, ctx.timeoutMs);
      return broadcastResult(res.status, res.text);
    } catch (err) {
      if (err instanceof NetworkError) return err.sent === 'no' ? { outcome: 'retry', reason: err.message } : { outcome: 'unknown', reason: err.message };
      throw err;
    }
  },
};

/** Why a status request did not give a state. */
export class RapidproPollError extends Error {
  constructor(
    message: string,
    /** stop polling for this pass (throttled or refused) */
    readonly halt: boolean,
  ) {
    super(message);
  }
}

/** The current state of broadcast `gatewayRef` at RapidPro, or undefined when it reports no message. */
export async function remoteState(ctx: ProviderContext, gatewayRef: string, messageId: string): Promise<StateUpdate | undefined> {
  const token = await ctx.credential(CREDENTIALS.rapidproOutgoing);
  const base = rapidproUrl(ctx.settings);
  if (!token || !base) throw new RapidproPollError('RapidPro is not configured', true);
  const url = `${base}/api/v2/messages.json?${new URLSearchParams({ broadcast: gatewayRef }).toString()}`;
  let res;
  try {
    res = await callProvider(ctx.fetch, url, { method: 'GET', headers: headers(token, false) }, ctx.timeoutMs);
  } catch (err) {
    throw new RapidproPollError(String((err as Error).message), false);
  }
  if (res.status === 429 || res.status === 401 || res.status === 403) throw new RapidproPollError(`RapidPro answered ${res.status}`, true);
  if (res.status < 200 || res.status >= 300) throw new RapidproPollError(`RapidPro answered ${res.status}`, false);
  const first = parseJson(res.text)?.results?.[0];
  if (!first) return undefined;
  const s = rapidproStatus(first.status);
  return { messageId, gatewayRef, state: s.state, details: s.detail };
}
