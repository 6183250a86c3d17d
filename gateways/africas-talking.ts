/**
 * Africa's Talking as a push service:
 *   send: POST <url>/version1/messaging, form-encoded `username`, `to`, `message`, `from` (sms.reply_to),
 *         headers `apiKey: <africastalking.com:outgoing>`, `Accept: application/json`
 *         → { SMSMessageData: { Message, Recipients: [{ statusCode, status, number, messageId, cost }] } }
 *   delivery reports arrive as callbacks (africas-talking-routes.ts).
 * Status codes and delivery statuses map to message states as CHT maps them (spec 6.1).
 */
import { africasTalkingSettings } from './config';
import { CREDENTIALS } from './credentials';
import { callProvider, excerpt, NetworkError, parseJson } from './http';
import type { OutgoingMessage, ProviderContext, PushProvider, SendResult } from './types';

export interface AtSendStatus {
  state: string;
  detail: string;
  /** AT did not send it, and asking again may work (balance, sender id, AT's own errors) */
  retry?: boolean;
}

/** Recipient `statusCode` of a send → message state (CHT's map). */
export const AT_SEND_STATUSES: Readonly<Record<number, AtSendStatus>> = Object.freeze({
  100: { state: 'forwarded-by-gateway', detail: 'Processed' },
  101: { state: 'sent', detail: 'Sent' },
  102: { state: 'received-by-gateway', detail: 'Queued' },
  401: { state: 'failed', detail: 'RiskHold' },
  402: { state: 'failed', detail: 'InvalidSenderId', retry: true },
  403: { state: 'failed', detail: 'InvalidPhoneNumber' },
  404: { state: 'failed', detail: 'UnsupportedNumberType' },
  405: { state: 'failed', detail: 'InsufficientBalance', retry: true },
  406: { state: 'denied', detail: 'UserInBlacklist' },
  407: { state: 'failed', detail: 'CouldNotRoute' },
  500: { state: 'failed', detail: 'InternalServerError', retry: true },
  501: { state: 'failed', detail: 'GatewayError', retry: true },
  502: { state: 'failed', detail: 'RejectedByGateway', retry: true },
});

/** Delivery report `status` → message state (CHT's map). */
export const AT_DELIVERY_STATUSES: Readonly<Record<string, string>> = Object.freeze({
  Sent: 'forwarded-by-gateway',
  Submitted: 'sent',
  Buffered: 'sent',
  Rejected: 'failed',
  Success: 'delivered',
  Failed: 'failed',
});

export function deliveryState(status: unknown): string | undefined {
  return typeof status === 'string' && Object.prototype.hasOwnProperty.call(AT_DELIVERY_STATUSES, status) ? AT_DELIVERY_STATUSES[status] : undefined;
}

/** The form AT expects for one message. */
export function messagingForm(username: string, message: Pick<OutgoingMessage, 'to' | 'content'>, from?: string): URLSearchParams {
  const form = new URLSearchParams({ username, to: message.to, message: message.content });
  if (from) form.set('from', from);
  return form;
}

/** AT's messageId, unless it is the "None" it answers for messages it did not take. */
const messageRef = (id: unknown): string | undefined => (typeof id === 'string' && id && id !== 'None' ? id : undefined);

/** Interprets AT's answer to a send. Exported for tests. */
export function messagingResult(status: number, text: string): SendResult {
  if (status === 401 || status === 403) return { outcome: 'retry', reason: `Africa's Talking refused the API key (${status})`, halt: true };
  if (status === 429) return { outcome: 'retry', reason: "Africa's Talking rate limit reached (429)", halt: true };
  if (status >= 500) return { outcome: 'retry', reason: `Africa's Talking answered ${status}` };
  if (status < 200 || status >= 300) {
    return { outcome: 'done', update: { state: 'failed', details: { reason: `Africa's Talking rejected the message (${status})${text ? `: ${excerpt(text)}` : ''}` } } };
  }
  const data = parseJson(text)?.SMSMessageData;
  const recipient = Array.isArray(data?.Recipients) ? data.Recipients[0] : undefined;
  if (!recipient) {
    // AT took the request but no recipient: nothing was sent (e.g. "InvalidSenderId" in Message)
    return { outcome: 'retry', reason: `Africa's Talking sent to no recipient${typeof data?.Message === 'string' ? `: ${excerpt(data.Message, 100)}` : ''}` };
  }
  const code = Number(recipient.statusCode);
  const known = AT_SEND_STATUSES[code];
  const gatewayRef = messageRef(recipient.messageId);
  if (!known) return { outcome: 'done', update: { state: 'unrecognised', details: { gateway_status: recipient.statusCode ?? recipient.status }, gatewayRef } };
  if (known.retry) return { outcome: 'retry', reason: `Africa's Talking: ${known.detail} (${code})` };
  return { outcome: 'done', update: { state: known.state, details: known.detail, gatewayRef } };
}

export const africasTalking: PushProvider = {
  service: 'africas-talking',

  async notReady(ctx: ProviderContext) {
    if (!africasTalkingSettings(ctx.settings).username) return 'sms.africas_talking.username is not set';
    if (!(await ctx.credential(CREDENTIALS.africasTalkingOutgoing))) return `no credential '${CREDENTIALS.africasTalkingOutgoing}' (vault) or VIGIL_AT_API_KEY`;
    return undefined;
  },

  async send(message: OutgoingMessage, ctx: ProviderContext): Promise<SendResult> {
    const at = africasTalkingSettings(ctx.settings);
    const apiKey = (await ctx.credential(CREDENTIALS.africasTalkingOutgoing)) as string;
    try {
      const res = await callProvider(
        ctx.fetch,
        `${at.url}/version1/messaging`,
        {
          method: 'POST',
          headers: { apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: messagingForm(at.username as string, message, at.from).toString(),
        },
        ctx.timeoutMs,
      );
      return messagingResult(res.status, res.text);
    } catch (err) {
      if (err instanceof NetworkError) return err.sent === 'no' ? { outcome: 'retry', reason: err.message } : { outcome: 'unknown', reason: err.message };
      throw err;
    }
  },
};
