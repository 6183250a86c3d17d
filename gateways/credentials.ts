/**
 * Gateway credentials, by the names CHT's credentials store uses (`rapidpro:outgoing`, ...). They never
 * live in app_settings and never reach a log line. Looked up in the given source (the vault,
 * lib/secrets) first, then in an environment variable, so switching to the vault is one line where
 * the gateways are mounted.
 */
import type { Logger } from 'winston';

/** Anything that reads a secret by key (lib/secrets' Vault satisfies it). */
export interface CredentialSource {
  get(key: string): Promise<string | undefined>;
}

export const CREDENTIALS = {
  /** RapidPro API token (outgoing calls) */
  rapidproOutgoing: 'rapidpro:outgoing',
  /** the key RapidPro's webhook sends in `Authorization: Token <key>` */
  rapidproIncoming: 'rapidpro:incoming',
  /** Africa's Talking API key */
  africasTalkingOutgoing: 'africastalking.com:outgoing',
  /** the `?key=` Africa's Talking callbacks carry */
  africasTalkingIncoming: 'africastalking.com:incoming',
  /** the basic-auth password the CHT Gateway app logs in with */
  medicGatewayPassword: 'medic-gateway:password',
} as const;

/** The environment variable read when the source has no value. */
export const ENV_FALLBACK: Readonly<Record<string, string>> = Object.freeze({
  [CREDENTIALS.rapidproOutgoing]: 'VIGIL_RAPIDPRO_TOKEN',
  [CREDENTIALS.rapidproIncoming]: 'VIGIL_RAPIDPRO_INCOMING_KEY',
  [CREDENTIALS.africasTalkingOutgoing]: 'VIGIL_AT_API_KEY',
  [CREDENTIALS.africasTalkingIncoming]: 'VIGIL_AT_INCOMING_KEY',
  [CREDENTIALS.medicGatewayPassword]: 'VIGIL_GATEWAY_PASSWORD',
});

/** The basic-auth user name of the CHT Gateway app (not a secret). */
export const gatewayUser = (env: NodeJS.ProcessEnv): string => env.VIGIL_GATEWAY_USER?.trim() || 'gateway';

const CACHE_MS = 30_000;

export type Credentials = (name: string) => Promise<string | undefined>;

/**
 * `credentials(name)`: the value, or undefined when neither the source nor the environment has one
 * (blank counts as none). Values are cached for 30 s so a busy callback does not read the vault each time.
 */
export function createCredentials(opts: { source?: CredentialSource; env?: NodeJS.ProcessEnv; logger?: Logger; nowMs?: () => number } = {}): Credentials {
  const env = opts.env ?? process.env;
  const now = opts.nowMs ?? (() => performance.now());
  const cache = new Map<string, { value: string | undefined; at: number }>();
  const warned = new Set<string>();
  return async (name: string) => {
    const hit = cache.get(name);
    if (hit && now() - hit.at < CACHE_MS) return hit.value;
    let value: string | undefined;
    if (opts.source) {
      try {
        value = await opts.source.get(name);
      } catch (err) {
        // once per credential (callbacks come often); the message names the key only, never the value
        if (!warned.has(name)) opts.logger?.warn('credential store unreadable, trying the environment', { credential: name, error: String((err as Error)?.message ?? err) });
        warned.add(name);
      }
    }
    if (!value?.trim()) {
      const variable = ENV_FALLBACK[name];
      value = variable ? env[variable] : undefined;
    }
    const result = value?.trim() || undefined;
    cache.set(name, { value: result, at: now() });
    return result;
  };
}
