/**
 * Where the vault's encryption key comes from. Beside CHT it must be CHT's: CouchDB's
 * `couch_httpd_auth/secret` (admin-only config). The embedded server has no such config, so standalone
 * runs take `VIGIL_SECRET_KEY`. With neither, vigil refuses to store or read credentials rather than
 * keep them in clear text.
 */
import type { Couch } from '../couch/client';
import { deriveKey } from './crypto';

export const SECRET_KEY_ENV = 'VIGIL_SECRET_KEY';

export class NoEncryptionKeyError extends Error {
  constructor() {
    super(
      `no key to encrypt credentials with: CouchDB's couch_httpd_auth/secret is not readable (needs an admin, and the ` +
        `embedded server has none); set ${SECRET_KEY_ENV}`,
    );
  }
}

export interface EncryptionKey {
  key: Buffer;
  source: 'couchdb' | 'env';
}

/** CouchDB's secret, or undefined when the server has none or does not let us read it. */
export async function readCouchSecret(couch: Couch): Promise<string | undefined> {
  try {
    const value = await couch.server.request({ path: '_node/_local/_config/couch_httpd_auth/secret' });
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined; // 404 (embedded server, or unset) or 401/403 (not an admin)
  }
}

/** CouchDB's secret first (so CHT and vigil share the vault), else the environment. */
export async function resolveEncryptionKey(couch: Couch, env: NodeJS.ProcessEnv = process.env): Promise<EncryptionKey> {
  const couchSecret = await readCouchSecret(couch);
  if (couchSecret) return { key: deriveKey(couchSecret), source: 'couchdb' };
  const envSecret = env[SECRET_KEY_ENV];
  if (envSecret) return { key: deriveKey(envSecret), source: 'env' };
  throw new NoEncryptionKeyError();
}
