/**
 * A fake RapidPro v2 API on loopback, with the request and response shapes of RapidPro's API docs:
 *   POST /api/v2/broadcasts.json  (Authorization: Token <token>)  { urns, text } → 201 broadcast
 *   GET  /api/v2/messages.json?broadcast=<id>                     → { next, previous, results: [message] }
 * A wrong or missing token answers 401 `{ detail: "Invalid token." }`. Tests move a broadcast's message
 * through RapidPro's statuses with `setStatus`.
 */
import { startLoopback, type Loopback, type Received } from './loopback';

export const BROADCASTS = '/api/v2/broadcasts.json';
export const MESSAGES = '/api/v2/messages.json';

export interface FakeRapidpro extends Loopback {
  token: string;
  /** broadcasts accepted, by id */
  broadcasts: Map<number, { urns: string[]; text: string; status: string }>;
  broadcastRequests(): Received[];
  statusRequests(): Received[];
  setStatus(broadcastId: number | string, status: string): void;
}

export async function startFakeRapidpro(token = 'rp-api-token-123'): Promise<FakeRapidpro> {
  const broadcasts = new Map<number, { urns: string[]; text: string; status: string }>();
  let nextId = 1000;
  const authorised = (req: Received) => req.headers.authorization === `Token ${token}`;
  const denied = { status: 401, body: { detail: 'Invalid token.' } };
  const now = '2025-03-05T10:00:00.000000Z';

  const loop = await startLoopback({
    [`POST ${BROADCASTS}`]: (req) => {
      if (!authorised(req)) return denied;
      const { urns, text } = req.body ?? {};
      if (!Array.isArray(urns) || !urns.length || typeof text !== 'string' || !text) {
        return { status: 400, body: { text: ['This field is required.'] } };
      }
      const id = nextId++;
      broadcasts.set(id, { urns, text, status: 'queued' });
      return { status: 201, body: { id, urns, contacts: [], groups: [], text, created_on: now, status: 'queued' } };
    },
    [`GET ${MESSAGES}`]: (req) => {
      if (!authorised(req)) return denied;
      const b = broadcasts.get(Number(req.query.get('broadcast')));
      const results = b
        ? [
            {
              id: 5000 + Number(req.query.get('broadcast')),
              broadcast: Number(req.query.get('broadcast')),
              contact: { uuid: 'c1', name: null },
              urn: b.urns[0],
              channel: { uuid: 'ch1', name: 'Android' },
              direction: 'out',
              type: 'text',
              status: b.status,
              visibility: 'visible',
              text: b.text,
              labels: [],
              created_on: now,
              sent_on: b.status === 'queued' ? null : now,
              modified_on: now,
            },
          ]
        : [];
      return { status: 200, body: { next: null, previous: null, results } };
    },
  });

  return Object.assign(loop, {
    token,
    broadcasts,
    broadcastRequests: () => loop.received.filter((r) => r.path === BROADCASTS),
    statusRequests: () => loop.received.filter((r) => r.path === MESSAGES),
    setStatus(broadcastId: number | string, status: string) {
      const b = broadcasts.get(Number(broadcastId));
      if (!b) throw new Error(`no broadcast ${broadcastId}`);
      b.status = status;
    },
  });
}
