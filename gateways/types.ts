/**
 * Shapes shared by the SMS gateways: what they read from the engine, the state updates they write
 * (spec 6.4) and what a push provider answers for one message.
 */
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import type { Clock, Settings, Translations } from '../lib/types';
import type { CredentialSource } from './credentials';

/** The configuration the gateways need, read again on every request/tick so hot reloads apply. */
export interface GatewayConfig {
  settings: Settings;
  translations: Translations;
  clock: Clock;
}

export interface GatewayDeps {
  couch: Couch;
  /** the engine's current config snapshot (`() => engine.config`) */
  config: () => GatewayConfig;
  logger?: Logger;
  /** where credentials live (e.g. the vault, `new Vault(couch)`); environment variables are the fallback */
  secrets?: CredentialSource;
  /** environment for the credential fallback; default `process.env` */
  env?: NodeJS.ProcessEnv;
  /** HTTP client for the providers (tests inject one); default global fetch */
  fetch?: typeof fetch;
  /** how often pending messages are pushed and RapidPro statuses polled; default 30 s */
  intervalMs?: number;
  /** provider request timeout; default 10 s */
  timeoutMs?: number;
  /** sends of one message the provider refused with a retryable error before it becomes `failed`; default 8 */
  maxAttempts?: number;
  /** a send claim younger than this, held by another process, is left alone; default 2 × timeout + 30 s */
  leaseMs?: number;
  /** names this process in send claims; default a random id (a restart is a new owner) */
  instanceId?: string;
}

/** A change of one message's task state: by message uuid, or by the provider's reference. */
export interface StateUpdate {
  messageId?: string;
  gatewayRef?: string;
  state: string;
  details?: unknown;
}

/** A message waiting to be sent, as the messages_by_state view hands it out. */
export interface OutgoingMessage {
  /** the message uuid */
  id: string;
  /** E.164 when it validates with the settings, else as stored */
  to: string;
  content: string;
}

/** A text message arriving from a gateway. */
export interface IncomingMessage {
  /** the gateway's id for it: duplicates by this id are ignored */
  id?: string;
  from: string;
  content: string;
}

/**
 * What one send attempt established.
 * - `done`: the provider answered for this message: record this state (with its reference);
 * - `retry`: the provider certainly did not take it (refused connection, 5xx, throttled): try again later;
 *   `halt` stops this pass (bad credentials, rate limit) and does not count as an attempt;
 * - `unknown`: it may or may not have been sent (timeout, connection lost): never resent.
 */
export type SendResult =
  | { outcome: 'done'; update: Omit<StateUpdate, 'messageId'> }
  | { outcome: 'retry'; reason: string; halt?: boolean }
  | { outcome: 'unknown'; reason: string };

export interface ProviderContext {
  settings: Settings;
  credential(name: string): Promise<string | undefined>;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** A push service: vigil calls it to send (RapidPro, Africa's Talking). */
export interface PushProvider {
  readonly service: string;
  /** why sending cannot start now (missing URL, username or credential), else undefined */
  notReady(ctx: ProviderContext): Promise<string | undefined>;
  send(message: OutgoingMessage, ctx: ProviderContext): Promise<SendResult>;
}
