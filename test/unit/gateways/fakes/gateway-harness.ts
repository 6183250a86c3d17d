/**
 * Serves vigil's gateway endpoints on loopback for integration tests: an express app with
 * `mountGateways`, bound to the engine fixture's databases and config. Each call is one vigil process
 * (its own claim owner id), so calling it twice on one fixture is a restart.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mountGateways, type Gateways, type GatewayDeps } from '../../../../gateways';
import type { EngineFixture } from '../../../helpers/engine';
import { createLogger } from '../../../../lib/log';

export interface GatewayProcess {
  url: string;
  gateways: Gateways;
  close(): Promise<void>;
  /** closes the HTTP server without waiting for the sender: a process that died mid-pass */
  kill(): Promise<void>;
}

export async function startGateways(f: EngineFixture, opts: Partial<GatewayDeps> = {}): Promise<GatewayProcess> {
  const app = express();
  const gateways = await mountGateways(app, {
    couch: f.couch,
    config: () => f.engine.config,
    logger: createLogger({ silent: true }),
    env: {},
    timeoutMs: 2000,
    ...opts,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const closeServer = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    gateways,
    close: async () => {
      await gateways.stop();
      await closeServer();
    },
    kill: closeServer,
  };
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** POSTs JSON (or a form, with `form: true`) and reads the JSON answer. */
export async function post(url: string, body: Record<string, unknown>, opts: { headers?: Record<string, string>; form?: boolean } = {}): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json', ...opts.headers },
    body: opts.form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Polls `check` until it holds (for effects of a process the test does not await). */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The contacts every gateway round trip uses: a CHW with a phone under a clinic. */
export const CONTACTS = [
  { _id: 'hc', type: 'health_center', name: 'HC' },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: { _id: 'hc' } },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+254711000001', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
];

/**
 * update_clinics attaches the sender, registration answers the `P` form (`P Mary Jane` registers a
 * patient and replies with the new id), default_responses answers free text with `sms_received`.
 */
export const ROUND_TRIP_SETTINGS = {
  transitions: { update_clinics: true, registration: true, default_responses: true },
  default_responses: { start_date: '2018-01-01' },
  default_country_code: 254,
  forms: {
    P: {
      meta: { code: 'P', label: 'Pregnancy registration' },
      fields: { patient_name: { labels: { tiny: 'n', short: 'Name' }, position: 0, type: 'string', required: true } },
      public_form: false,
    },
  },
  registrations: [
    {
      form: 'P',
      events: [{ name: 'on_create', trigger: 'add_patient', params: '', bool_expr: '' }],
      messages: [
        {
          message: [{ locale: 'en', content: 'Thank you {{contact.name}}, {{patient_name}} is registered with ID {{patient_id}}.' }],
          recipient: 'reporting_unit',
          event_type: 'report_accepted',
        },
      ],
    },
  ],
};

/** The reply the registration sends for `P Mary Jane` from Jane. */
export const REGISTRATION_REPLY = /^Thank you Jane, Mary Jane is registered with ID \d{5,}\.$/;

/** A report with one pending reply, as a transition leaves it. */
export function reportWithPendingReply(id: string, uuid: string, text = 'Thank you', to = '+254711000002') {
  return {
    _id: id,
    type: 'data_record',
    from: to,
    reported_date: Date.parse('2025-03-05T09:00:00.000Z'),
    tasks: [{ messages: [{ uuid, to, message: text }], state: 'pending', state_history: [{ state: 'pending', timestamp: '2025-03-05T09:00:00.000Z' }] }],
  };
}
