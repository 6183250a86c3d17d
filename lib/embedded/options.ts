/** Options of the embedded server: command-line flags, credentials from the environment, defaults. */
import { parseArgs } from 'node:util';
import type { AdminCredentials } from './auth';

export interface ServerOptions {
  /** 0 picks a free port */
  port: number;
  host: string;
  memory: boolean;
  dataDir?: string;
  admin: AdminCredentials;
}

export const DEFAULT_PORT = 5984;
export const DEFAULT_HOST = '127.0.0.1';
/** Only for trying vigil on a laptop: a warning says so whenever it is used. */
export const DEFAULT_ADMIN: AdminCredentials = { username: 'admin', password: 'vigil' };

export function defaultPasswordWarning(admin: AdminCredentials): string {
  return `warning: the embedded couch uses the default password for ${admin.username} ("${DEFAULT_ADMIN.password}"); set VIGIL_COUCH_USER and VIGIL_COUCH_PASSWORD`;
}

/** Explicit credentials, else VIGIL_COUCH_USER / VIGIL_COUCH_PASSWORD, else the defaults. */
export function resolveAdmin(
  given: { username?: string; password?: string },
  env: NodeJS.ProcessEnv,
): { admin: AdminCredentials; usedDefault: boolean } {
  const username = given.username || env.VIGIL_COUCH_USER || DEFAULT_ADMIN.username;
  const password = given.password || env.VIGIL_COUCH_PASSWORD || DEFAULT_ADMIN.password;
  return { admin: { username, password }, usedDefault: password === DEFAULT_ADMIN.password };
}

export function parsePort(raw: string | undefined, fallback = DEFAULT_PORT): number {
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${raw}`);
  return port;
}

/** `--port N --host H --memory --data DIR`; throws on anything else. */
export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv): { options: ServerOptions; usedDefaultAdmin: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      memory: { type: 'boolean' },
      data: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const { admin, usedDefault } = resolveAdmin({}, env);
  return {
    options: {
      port: parsePort(values.port),
      host: values.host ?? DEFAULT_HOST,
      memory: values.memory ?? false,
      dataDir: values.data,
      admin,
    },
    usedDefaultAdmin: usedDefault,
  };
}

/** Host to put in URLs: a wildcard bind is reached through loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Server root with credentials, no trailing slash. */
export function serverUrl(host: string, port: number, admin: AdminCredentials): string {
  return `http://${encodeURIComponent(admin.username)}:${encodeURIComponent(admin.password)}@${reachableHost(host)}:${port}`;
}
