/**
 * SMS gateways, served by vigil's HTTP server in standalone mode (design.md §6: every endpoint
 * authenticates its caller; credentials never live in app_settings or reach a log line).
 *
 *   const gateways = await mountGateways(ops.app, { couch, config: () => engine.config, logger, secrets });
 *   gateways.start();          // push pending messages / poll RapidPro every `intervalMs`
 *   ...
 *   await gateways.stop();     // waits for a pass in flight
 *
 * `sms.outgoing_service` chooses who sends: medic-gateway (the CHT Gateway app pulls from /api/sms),
 * rapidpro or africas-talking (vigil pushes). Incoming endpoints of every service stay mounted: each
 * is closed (403) until its credential is set.
 */
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { africasTalking } from './africas-talking';
import { africasTalkingRouter } from './africas-talking-routes';
import { requireGatewayBasicAuth, requireQueryKey, requireTokenHeader } from './auth';
import { outgoingService, unsupportedService } from './config';
import { createCredentials, CREDENTIALS, gatewayUser } from './credentials';
import { medicGatewayRouter } from './medic-gateway';
import { pushPending, type PushReport } from './push';
import { rapidpro } from './rapidpro';
import { pollRapidpro, type PollCursor, type PollReport } from './rapidpro-poll';
import { rapidproRouter } from './rapidpro-routes';
import type { GatewayDeps, ProviderContext, PushProvider } from './types';

export type { GatewayDeps, GatewayConfig, StateUpdate, OutgoingMessage, IncomingMessage, SendResult, PushProvider } from './types';
export { createCredentials, CREDENTIALS, ENV_FALLBACK, type CredentialSource, type Credentials } from './credentials';
export { applyStateUpdates } from './state-updates';
export { receiveMessages, recordIdFor } from './incoming';
export { outgoingService } from './config';
export { claimId, UNKNOWN_AFTER_RESTART } from './send-claims';

export const DEFAULT_INTERVAL_MS = 30_000;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 8;

const PROVIDERS: Record<string, PushProvider> = { rapidpro, 'africas-talking': africasTalking };

export interface TickReport {
  service: string;
  push?: PushReport;
  poll?: PollReport;
}

export interface Gateways {
  /** runs a pass now and then every `intervalMs`; idempotent */
  start(): void;
  /** stops the timer and waits for a pass in flight */
  stop(): Promise<void>;
  /** one pass now (push pending messages, poll RapidPro statuses); waits for a pass in flight first */
  tick(): Promise<TickReport>;
}

/** Mounts the gateway endpoints on `app` and returns the sender. */
export async function mountGateways(app: express.Express, deps: GatewayDeps): Promise<Gateways> {
  const env = deps.env ?? process.env;
  const logger = deps.logger;
  const credentials = createCredentials({ source: deps.secrets, env, logger });
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const self = deps.instanceId ?? randomBytes(8).toString('hex');
  const leaseMs = deps.leaseMs ?? 2 * timeoutMs + 30_000;
  const routeDeps = { couch: deps.couch, config: deps.config, logger };

  app.use(medicGatewayRouter(routeDeps, requireGatewayBasicAuth(credentials, CREDENTIALS.medicGatewayPassword, gatewayUser(env), logger)));
  app.use(rapidproRouter(routeDeps, requireTokenHeader(credentials, CREDENTIALS.rapidproIncoming, logger)));
  app.use(africasTalkingRouter(routeDeps, requireQueryKey(credentials, CREDENTIALS.africasTalkingIncoming, logger)));

  const cursor: PollCursor = { stateIndex: 0 };
  let running: Promise<TickReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastWarning: string | undefined;

  const warnOnce = (message: string, meta: Record<string, unknown>) => {
    const key = `${message}|${JSON.stringify(meta)}`;
    if (key === lastWarning) return;
    lastWarning = key;
    logger?.warn(message, meta);
  };

  async function pass(): Promise<TickReport> {
    const config = deps.config();
    const service = outgoingService(config.settings);
    const unsupported = unsupportedService(config.settings);
    if (unsupported) warnOnce('sms.outgoing_service is not a service vigil can send through: nothing is sent', { outgoing_service: unsupported });
    const provider = PROVIDERS[service];
    if (!provider) return { service };
    const ctx: ProviderContext = { settings: config.settings, credential: credentials, fetch: deps.fetch ?? fetch, timeoutMs };
    const report: TickReport = { service };
    report.push = await pushPending({
      couch: deps.couch,
      config,
      provider,
      ctx,
      self,
      leaseMs,
      maxAttempts: deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      logger,
    });
    if (report.push.halted) warnOnce('sms sending paused', { service, reason: report.push.halted });
    else lastWarning = undefined;
    if (provider === rapidpro && !report.push.halted) {
      report.poll = await pollRapidpro({ couch: deps.couch, config, ctx, cursor, logger });
    }
    return report;
  }

  async function tick(): Promise<TickReport> {
    while (running) await running.catch(() => undefined);
    running = pass();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  }

  const scheduled = () => {
    if (!timer || running) return; // stopped, or the previous pass is still going: skip this beat
    tick().catch((err) => logger?.error('sms gateway pass failed', { error: String((err as Error)?.message ?? err) }));
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(scheduled, deps.intervalMs ?? DEFAULT_INTERVAL_MS);
      timer.unref();
      setImmediate(scheduled);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    tick,
  };
}
