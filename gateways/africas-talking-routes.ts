/**
 * Africa's Talking callbacks (form-encoded), each URL carrying `?key=<africastalking.com:incoming>`:
 *   incoming messages  POST /api/v1/sms/africas-talking/incoming
 *                      (and CHT's /api/v1/sms/africastalking/incoming-messages)
 *                      fields `id`, `from`, `text`, `to`, `date`, `linkId`
 *   delivery reports   POST /api/v1/sms/africas-talking/delivery-reports
 *                      (and CHT's /api/v1/sms/africastalking/delivery-reports)
 *                      fields `id` (the messageId of the send), `status`, `failureReason`
 * An unknown delivery status answers 400, as CHT does.
 */
import express, { type Request, type Response } from 'express';
import { deliveryState } from './africas-talking';
import { receiveMessages } from './incoming';
import type { RouteDeps } from './rapidpro-routes';
import { applyStateUpdates } from './state-updates';
import type { IncomingMessage, StateUpdate } from './types';

export const AT_INCOMING_PATHS = ['/api/v1/sms/africas-talking/incoming', '/api/v1/sms/africastalking/incoming-messages'];
export const AT_DELIVERY_PATHS = ['/api/v1/sms/africas-talking/delivery-reports', '/api/v1/sms/africastalking/delivery-reports'];

const present = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The message of an incoming callback, or the name of the first missing field. */
export function atIncoming(body: any): IncomingMessage | { missing: string } {
  for (const [name, value] of [['id', body?.id], ['from', body?.from], ['text', body?.text]] as const) {
    if (!present(value)) return { missing: name };
  }
  return { id: body.id, from: body.from, content: body.text };
}

/** The state update of a delivery report, or why it cannot be one. */
export function atDeliveryUpdate(body: any): StateUpdate | { error: string } {
  if (!present(body?.id)) return { error: 'field "id" is required' };
  const state = deliveryState(body.status);
  if (!state) return { error: `unknown status "${String(body?.status)}" for gateway message reference "${body.id}"` };
  return { gatewayRef: body.id, state, details: present(body.failureReason) ? body.failureReason : undefined };
}

export function africasTalkingRouter(deps: RouteDeps, auth: express.RequestHandler): express.Router {
  const router = express.Router();
  const parsers = [express.urlencoded({ extended: false, limit: '1mb' }), express.json({ limit: '1mb' })];

  router.post(AT_INCOMING_PATHS, auth, ...parsers, async (req: Request, res: Response) => {
    const msg = atIncoming(req.body);
    if ('missing' in msg) {
      res.status(400).json({ error: 'bad_request', reason: `field "${msg.missing}" is required` });
      return;
    }
    try {
      const report = await receiveMessages(deps.couch, deps.config(), [msg], deps.logger);
      res.json({ saved: report.saved });
    } catch (err) {
      deps.logger?.error("Africa's Talking incoming message failed", { error: String((err as Error)?.message ?? err) });
      res.status(500).json({ error: 'internal_error' });
    }
  });

  router.post(AT_DELIVERY_PATHS, auth, ...parsers, async (req: Request, res: Response) => {
    const update = atDeliveryUpdate(req.body);
    if ('error' in update) {
      res.status(400).json({ error: 'bad_request', reason: update.error });
      return;
    }
    try {
      const config = deps.config();
      const report = await applyStateUpdates(deps.couch, [update], config.clock, deps.logger);
      res.json({ saved: report.saved });
    } catch (err) {
      deps.logger?.error("Africa's Talking delivery report failed", { error: String((err as Error)?.message ?? err) });
      res.status(500).json({ error: 'internal_error' });
    }
  });
  return router;
}
