/**
 * The CHT Gateway Android app (medic-gateway) protocol, a pull service:
 *   GET  /api/sms  → { "medic-gateway": true }  (the app's connection test)
 *   POST /api/sms  { messages: [{ id, from, content, sms_sent, sms_received }],
 *                    updates:  [{ id, status, reason? }] }
 *               → { messages: [{ id, to, content }] }
 * In order, as CHT: new incoming messages are saved, status updates applied, then up to 25 pending or
 * forwarded messages are handed out and marked `forwarded-to-gateway` (re-offered until the app reports
 * on them; the app ignores ids it already has). Messages are only handed out while
 * `sms.outgoing_service` is medic-gateway (CHT's default), so two services never send the same one.
 */
import express, { type Request, type Response } from 'express';
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import { outgoingService } from './config';
import { receiveMessages } from './incoming';
import { messagesForGateway } from './outgoing';
import { applyStateUpdates } from './state-updates';
import type { GatewayConfig, IncomingMessage, OutgoingMessage, StateUpdate } from './types';

/** The app's status → message state (CHT's map, spec 6.1). */
export const GATEWAY_STATUSES: Readonly<Record<string, string>> = Object.freeze({
  UNSENT: 'received-by-gateway',
  PENDING: 'forwarded-by-gateway',
  SENT: 'sent',
  DELIVERED: 'delivered',
  FAILED: 'failed',
});

/** One status update of the app as a state update; unknown statuses become `unrecognised`. */
export function gatewayUpdate(update: { id?: unknown; status?: unknown; reason?: unknown }): StateUpdate {
  const messageId = typeof update?.id === 'string' ? update.id : undefined;
  const status = update?.status;
  const state = typeof status === 'string' && Object.prototype.hasOwnProperty.call(GATEWAY_STATUSES, status) ? GATEWAY_STATUSES[status] : undefined;
  if (!state) return { messageId, state: 'unrecognised', details: { gateway_status: status } };
  return update.reason ? { messageId, state, details: { reason: update.reason } } : { messageId, state };
}

/** The app's incoming messages that CHT accepts: `from` and `content` present (content may be empty). */
export function gatewayIncoming(messages: unknown): IncomingMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages
    .filter((m) => m && m.from !== undefined && m.from !== null && m.content !== undefined && m.content !== null)
    .map((m) => ({ id: m.id === undefined || m.id === null ? undefined : String(m.id), from: String(m.from), content: String(m.content) }));
}

export interface MedicGatewayDeps {
  couch: Couch;
  config: () => GatewayConfig;
  logger?: Logger;
}

/** Handles one poll of the app. Exported for tests. */
export async function handleGatewayPoll(deps: MedicGatewayDeps, body: any): Promise<{ messages: OutgoingMessage[] }> {
  const config = deps.config();
  const incoming = gatewayIncoming(body?.messages);
  const dropped = (Array.isArray(body?.messages) ? body.messages.length : 0) - incoming.length;
  if (dropped > 0) deps.logger?.info('ignoring incoming sms without from or content', { count: dropped });
  if (incoming.length) await receiveMessages(deps.couch, config, incoming, deps.logger);

  if (Array.isArray(body?.updates) && body.updates.length) {
    await applyStateUpdates(deps.couch, body.updates.map(gatewayUpdate), config.clock, deps.logger);
  }

  if (outgoingService(config.settings) !== 'medic-gateway') return { messages: [] };
  const outgoing = await messagesForGateway(deps.couch, config.settings);
  if (outgoing.length) {
    await applyStateUpdates(deps.couch, outgoing.map((m) => ({ messageId: m.id, state: 'forwarded-to-gateway' })), config.clock, deps.logger);
  }
  return { messages: outgoing.map(({ id, to, content }) => ({ id, to, content })) };
}

/** Routes for `/api/sms`, behind `auth`. */
export function medicGatewayRouter(deps: MedicGatewayDeps, auth: express.RequestHandler): express.Router {
  const router = express.Router();
  router.get('/api/sms', auth, (_req: Request, res: Response) => {
    res.json({ 'medic-gateway': true });
  });
  router.post('/api/sms', auth, express.json({ limit: '5mb' }), async (req: Request, res: Response) => {
    try {
      res.json(await handleGatewayPoll(deps, req.body));
    } catch (err) {
      deps.logger?.error('CHT Gateway poll failed', { error: String((err as Error)?.message ?? err) });
      res.status(500).json({ error: 'internal_error' });
    }
  });
  return router;
}
