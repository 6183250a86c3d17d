/**
 * Credentials for outbound destinations, in CHT's vault: db `<medic>-vault`, doc
 * `credential:<encodeURIComponent(key)>` `{ password: "<iv hex>:<ciphertext hex>" }`. Settings name them
 * by key (`password_key`, `value_key`); the values never live in app_settings or reach a log line.
 */
import type { Couch, Db } from '../couch/client';
import { ensureDb, statusOf } from '../couch/client';
import { decrypt, encrypt } from './crypto';
import { resolveEncryptionKey, type EncryptionKey } from './key';

export const CREDENTIAL_PREFIX = 'credential:';

export const vaultDbName = (medicName: string): string => `${medicName}-vault`;
export const credentialId = (key: string): string => `${CREDENTIAL_PREFIX}${encodeURIComponent(key)}`;

/** What the outbound sender needs: a credential by key, undefined when it was never stored. */
export interface SecretReader {
  get(key: string): Promise<string | undefined>;
}

export class Vault implements SecretReader {
  private readonly db: Db;
  private key?: Promise<EncryptionKey>;

  constructor(
    private readonly couch: Couch,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.db = couch.server.use(vaultDbName(couch.medicName));
  }

  private encryptionKey(): Promise<EncryptionKey> {
    this.key ??= resolveEncryptionKey(this.couch, this.env).catch((err) => {
      this.key = undefined; // try again next time (e.g. the variable was set since)
      throw err;
    });
    return this.key;
  }

  /** Where the key came from (for `vigil secret` to tell the user). */
  async keySource(): Promise<EncryptionKey['source']> {
    return (await this.encryptionKey()).source;
  }

  async get(key: string): Promise<string | undefined> {
    let doc: { password?: string };
    try {
      doc = await this.db.get(credentialId(key));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    if (typeof doc.password !== 'string') return undefined;
    const { key: aesKey } = await this.encryptionKey();
    try {
      return decrypt(doc.password, aesKey);
    } catch {
      // never echo the stored value or the cipher's details
      throw new Error(`the credential '${key}' cannot be decrypted with the current key`);
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!key) throw new Error('a credential key must not be empty');
    const { key: aesKey } = await this.encryptionKey();
    await ensureDb(this.couch.server, vaultDbName(this.couch.medicName));
    const id = credentialId(key);
    for (let attempt = 0; ; attempt++) {
      let rev: string | undefined;
      try {
        rev = (await this.db.get(id))._rev;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      try {
        await this.db.insert({ _id: id, _rev: rev, password: encrypt(value, aesKey) } as any);
        return;
      } catch (err) {
        if (statusOf(err) !== 409 || attempt >= 5) throw err;
      }
    }
  }

  /** The stored keys (decoded), never the values. */
  async list(): Promise<string[]> {
    try {
      const res = await this.db.list({ startkey: CREDENTIAL_PREFIX, endkey: `${CREDENTIAL_PREFIX}\ufff0` });
      return (res.rows as Array<{ id: string }>).map((r) => decodeURIComponent(r.id.slice(CREDENTIAL_PREFIX.length)));
    } catch (err) {
      if (statusOf(err) === 404) return []; // no vault yet
      throw err;
    }
  }

  /** Removes a credential; false when there was none. */
  async delete(key: string): Promise<boolean> {
    try {
      const doc = await this.db.get(credentialId(key));
      await this.db.destroy(doc._id, doc._rev);
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }
}

/** A reader that remembers what it read, for one job run (one vault read per key, not per push). */
export function cachedReader(reader: SecretReader): SecretReader {
  const seen = new Map<string, Promise<string | undefined>>();
  return {
    get(key) {
      let value = seen.get(key);
      if (!value) {
        value = reader.get(key);
        seen.set(key, value);
        value.catch(() => seen.delete(key));
      }
      return value;
    },
  };
}
