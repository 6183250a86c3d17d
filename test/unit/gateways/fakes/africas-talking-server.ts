/**
 * A fake Africa's Talking SMS API on loopback, with the shapes of AT's API docs:
 *   POST /version1/messaging  (header apiKey, form username, to, message, from?)
 *     → 201 { SMSMessageData: { Message, Recipients: [{ statusCode, number, status, cost, messageId }] } }
 * A wrong API key answers 401 "The supplied authentication is invalid". `recipientStatus` scripts the
 * recipient's statusCode of the next sends (e.g. 406 UserInBlacklist).
 */
import { startLoopback, type Loopback, type Received } from './loopback';

export const MESSAGING = '/version1/messaging';

const STATUS_NAMES: Record<number, string> = {
  100: 'Processed',
  101: 'Success',
  102: 'Queued',
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

export interface FakeAfricasTalking extends Loopback {
  apiKey: string;
  username: string;
  sends(): Received[];
  /** recipient statusCodes for the next accepted sends, in order (default 101) */
  recipientStatus(...codes: number[]): void;
}

export async function startFakeAfricasTalking(apiKey = 'at-api-key-456', username = 'vigil-test'): Promise<FakeAfricasTalking> {
  const codes: number[] = [];
  let next = 1;
  const loop = await startLoopback({
    [`POST ${MESSAGING}`]: (req) => {
      if (req.headers.apikey !== apiKey) return { status: 401, body: 'The supplied authentication is invalid' };
      const { username: user, to, message } = req.body ?? {};
      if (user !== username) return { status: 401, body: 'The supplied authentication is invalid' };
      if (!to || !message) return { status: 400, body: 'Request is missing required form field' };
      const code = codes.shift() ?? 101;
      const ok = code < 200;
      const recipient = {
        statusCode: code,
        number: to,
        status: STATUS_NAMES[code] ?? 'Unknown',
        cost: ok ? 'KES 0.8000' : '0',
        messageId: ok ? `ATXid_${String(next++).padStart(8, '0')}` : 'None',
      };
      return { status: 201, body: { SMSMessageData: { Message: ok ? 'Sent to 1/1 Total Cost: KES 0.8000' : 'Sent to 0/1 Total Cost: 0', Recipients: [recipient] } } };
    },
  });
  return Object.assign(loop, {
    apiKey,
    username,
    sends: () => loop.received.filter((r) => r.path === MESSAGING),
    recipientStatus: (...c: number[]) => void codes.push(...c),
  });
}
