/**
 * Messages waiting for a gateway, from `messages_by_state` (spec 6.3): `["pending-or-forwarded", due]`
 * rows for the CHT Gateway app (CHT hands out the first 25, oldest due first, and re-offers a
 * forwarded message until the app reports on it), `["pending", due]` rows for push services.
 * `to` is normalised to E.164 with the app settings when it validates.
 */
import type { Couch } from '../lib/couch/client';
import { queryView } from '../lib/couch/bulk';
import { VIEWS } from '../lib/couch/views';
import type { Doc, Settings } from '../lib/types';
import { normalizePhone } from '../forms/phone';
import type { OutgoingMessage } from './types';

/** How many messages one CHT Gateway poll receives (CHT's limit). */
export const GATEWAY_BATCH = 25;

interface Row {
  id?: string;
  key: unknown;
  value: { content?: unknown; to?: unknown; id?: unknown };
  doc?: Doc | null;
}

export function toOutgoing(settings: Settings, value: Row['value']): OutgoingMessage | undefined {
  if (typeof value?.id !== 'string' || value.to === undefined || value.to === null || typeof value.content !== 'string') return undefined;
  const to = String(value.to);
  return { id: value.id, to: normalizePhone(settings, to) || to, content: value.content };
}

/**
 * Up to `limit` messages for the CHT Gateway app: pending or forwarded-to-gateway, oldest due first
 * (rows whose due date did not parse come first; CHT's range skips them, vigil sends them too).
 */
export async function messagesForGateway(couch: Couch, settings: Settings, limit = GATEWAY_BATCH): Promise<OutgoingMessage[]> {
  const res = await queryView(couch.medic, VIEWS.messages_by_state, {
    startkey: ['pending-or-forwarded', null],
    endkey: ['pending-or-forwarded', {}],
    limit,
  });
  const out: OutgoingMessage[] = [];
  const seen = new Set<string>();
  for (const row of res.rows as Row[]) {
    const msg = toOutgoing(settings, row.value);
    if (msg && !seen.has(msg.id)) {
      seen.add(msg.id);
      out.push(msg);
    }
  }
  return out;
}

export interface PendingPage {
  messages: Array<OutgoingMessage & { doc: Doc }>;
  /** where the next page starts; undefined after the last one */
  next?: { startkey: unknown; startkey_docid: string };
}

/** One page of `pending` messages (with their docs) for a push service, paged by key and doc id. */
export async function pendingPage(couch: Couch, settings: Settings, pageSize: number, from?: PendingPage['next']): Promise<PendingPage> {
  const res = await queryView(couch.medic, VIEWS.messages_by_state, {
    startkey: from?.startkey ?? ['pending', null],
    startkey_docid: from?.startkey_docid,
    endkey: ['pending', {}],
    include_docs: true,
    limit: pageSize + 1,
  });
  const rows = res.rows as Row[];
  const page = rows.slice(0, pageSize);
  const extra = rows[pageSize];
  const messages: PendingPage['messages'] = [];
  for (const row of page) {
    const msg = toOutgoing(settings, row.value);
    if (msg && row.doc) messages.push({ ...msg, doc: row.doc });
  }
  return { messages, next: extra ? { startkey: extra.key, startkey_docid: extra.id as string } : undefined };
}
