/**
 * RapidPro's webhook for incoming messages (a flow POSTs each message it does not handle itself):
 *   POST /api/v1/sms/rapidpro/incoming               (vigil)
 *   POST /api/v2/sms/rapidpro/incoming-messages      (CHT ≥ 4.1, so a flow set up for CHT works as is)
 *   POST /api/v1/sms/radpidpro/incoming-messages     (CHT's older, misspelt path)
 * JSON or form body `{ id, from, content }` (`text` accepted for `content`, a `tel:` prefix on `from`
 * dropped), header
 * `Authorization: Token <rapidpro:incoming>`. Answers `{ saved }`; a message already received answers
 * 200 `{ saved: 0, duplicate: true }` so a retrying webhook stops (CHT answers 400 there).
 */
import express, { type Request, type Response } from 'express';
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import { receiveMessages } from './incoming';
import type { GatewayConfig, IncomingMessage } from './types';

export const RAPIDPRO_INCOMING_PATHS = ['/api/v1/sms/rapidpro/incoming', '/api/v2/sms/rapidpro/incoming-messages', '/api/v1/sms/radpidpro/incoming-messages'];

const present = (v: unknown): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number';

/** The message in a webhook body, or the name of the first missing field. */
export function rapidproIncoming(body: any): IncomingMessage | { missing: string } {
  const content = body?.content ?? body?.text;
  for (const [name, value] of [['id', body?.id], ['from', body?.from], ['content', content]] as const) {
    if (!present(value)) return { missing: name };
  }
  // the flow CHT documents strips the URN scheme; a flow passing `urns.tel` as is still works
  return { id: String(body.id), from: String(body.from).replace(/^tel:/i, ''), content: String(content) };
}

export interface RouteDeps {
  couch: Couch;
  config: () => GatewayConfig;
  logger?: Logger;
}

export function rapidproRouter(deps: RouteDeps, auth: express.RequestHandler): express.Router {
  const router = express.Router();
  const parsers = [express.json({ limit: '1mb' }), express.urlencoded({ extended: false, limit: '1mb' })];
  router.post(RAPIDPRO_INCOMING_PATHS, auth, ...parsers, async (req: Request, res: Response) => {
    const msg = rapidproIncoming(req.body);
    if ('missing' in msg) {
      res.status(400).json({ error: 'bad_request', reason: `field "${msg.missing}" is required` });
      return;
    }
    try {
      const report = await receiveMessages(deps.couch, deps.config(), [msg], deps.logger);
      res.json(report.saved ? { saved: report.saved } : { saved: 0, duplicate: true });
    } catch (err) {
      deps.logger?.error('RapidPro incoming message failed', { error: String((err as Error)?.message ?? err) });
      res.status(500).json({ error: 'internal_error' });
    }
  });
  return router;
}
