/** lib/secrets: CHT's credential encryption and key derivation, the vault, and the CLI commands. */
import { Command } from 'commander';
import { Writable } from 'node:stream';
import { decrypt, deriveKey, encrypt } from '../../../lib/secrets/crypto';
import { resolveEncryptionKey, NoEncryptionKeyError } from '../../../lib/secrets/key';
import { credentialId, Vault } from '../../../lib/secrets/vault';
import { registerSecretCommands } from '../../../lib/secrets/commands';
import { readPiped } from '../../../lib/secrets/stdin';
import { Readable } from 'node:stream';

// Pinned with `openssl enc -aes-256-cbc -K 616263…62 -iv 000102…0f` (key = "abc" repeated to 32 bytes).
const CHT_STORED = '000102030405060708090a0b0c0d0e0f:d167eea007c57574076fe3c32a385242';

describe('deriveKey', () => {
  it('repeats or truncates the secret to 32 bytes', () => {
    expect(deriveKey('abc').toString('hex')).toBe('6162636162636162636162636162636162636162636162636162636162636162');
    expect(deriveKey('abc').toString()).toBe('abcabcabcabcabcabcabcabcabcabcab');
    expect(deriveKey('x'.repeat(40)).toString()).toBe('x'.repeat(32));
    expect(deriveKey('ü').toString('hex')).toBe('c3bc'.repeat(16));
    expect(() => deriveKey('')).toThrow(/empty/);
  });
});

describe('encrypt / decrypt', () => {
  it("reads CHT's <iv hex>:<ciphertext hex> format", () => {
    expect(decrypt(CHT_STORED, deriveKey('abc'))).toBe('s3cret p@ss');
  });

  it('writes the same format', () => {
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    expect(encrypt('s3cret p@ss', deriveKey('abc'), iv)).toBe(CHT_STORED);
    const random = encrypt('x', deriveKey('k'));
    expect(random).toMatch(/^[0-9a-f]{32}:[0-9a-f]{32}$/);
    expect(decrypt(random, deriveKey('k'))).toBe('x');
  });

  it('fails on a wrong key or a malformed value', () => {
    expect(() => decrypt(CHT_STORED, deriveKey('abd'))).toThrow();
    expect(() => decrypt('nothex', deriveKey('abc'))).toThrow(/form/);
  });
});

/** A Couch stand-in: an in-memory vault db and a configurable `_node/_local/_config` answer. */
function fakeCouch(couchSecret?: string) {
  const docs = new Map<string, any>();
  let rev = 0;
  const notFound = () => Object.assign(new Error('not_found'), { statusCode: 404 });
  const db = {
    get: async (id: string) => {
      if (!docs.has(id)) throw notFound();
      return structuredClone(docs.get(id));
    },
    insert: async (doc: any) => {
      docs.set(doc._id, { ...doc, _rev: `${++rev}-x` });
      return { ok: true, id: doc._id, rev: `${rev}-x` };
    },
    destroy: async (id: string) => {
      if (!docs.delete(id)) throw notFound();
    },
    list: async (opts: { startkey: string; endkey: string }) => ({
      rows: [...docs.keys()].filter((id) => id >= opts.startkey && id <= opts.endkey).sort().map((id) => ({ id })),
    }),
  };
  const couch: any = {
    medicName: 'medic',
    server: {
      use: (name: string) => {
        expect(name).toBe('medic-vault');
        return db;
      },
      db: { create: async () => undefined },
      request: async ({ path }: { path: string }) => {
        expect(path).toBe('_node/_local/_config/couch_httpd_auth/secret');
        if (couchSecret === undefined) throw notFound();
        return couchSecret;
      },
    },
  };
  return { couch, docs };
}

describe('resolveEncryptionKey', () => {
  it("prefers CouchDB's secret, then VIGIL_SECRET_KEY, else refuses", async () => {
    expect(await resolveEncryptionKey(fakeCouch('abc').couch, { VIGIL_SECRET_KEY: 'other' })).toEqual({ key: deriveKey('abc'), source: 'couchdb' });
    expect(await resolveEncryptionKey(fakeCouch().couch, { VIGIL_SECRET_KEY: 'other' })).toEqual({ key: deriveKey('other'), source: 'env' });
    await expect(resolveEncryptionKey(fakeCouch().couch, {})).rejects.toBeInstanceOf(NoEncryptionKeyError);
  });
});

describe('Vault', () => {
  it("stores encrypted under credential:<encoded key> and reads CHT's docs", async () => {
    const { couch, docs } = fakeCouch('abc');
    const vault = new Vault(couch, {});
    await vault.set('dhis pass/1', 'hunter2');
    const stored = docs.get(credentialId('dhis pass/1'));
    expect(credentialId('dhis pass/1')).toBe('credential:dhis%20pass%2F1');
    expect(stored.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]+$/);
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(await vault.get('dhis pass/1')).toBe('hunter2');
    docs.set('credential:cht', { _id: 'credential:cht', password: CHT_STORED });
    expect(await vault.get('cht')).toBe('s3cret p@ss');
    expect(await vault.get('missing')).toBeUndefined();
    expect(await vault.list()).toEqual(['cht', 'dhis pass/1']);
  });

  it('refuses to store without a key', async () => {
    const { couch, docs } = fakeCouch();
    await expect(new Vault(couch, {}).set('k', 'v')).rejects.toBeInstanceOf(NoEncryptionKeyError);
    expect(docs.size).toBe(0);
  });
});

describe('registerSecretCommands', () => {
  function run(args: string[], couch: any, value = '') {
    let text = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const program = new Command().exitOverride();
    let closed = 0;
    registerSecretCommands(program, async () => ({ couch, close: async () => void closed++ }), { readValue: async () => value, out, env: { VIGIL_SECRET_KEY: 'k' } });
    return program.parseAsync(['node', 'vigil', ...args]).then(() => ({ text, closed }));
  }

  it('set stores the value without printing it; list prints keys only', async () => {
    const { couch } = fakeCouch();
    const set = await run(['secret', 'set', 'dhis-pass'], couch, 'hunter2');
    expect(set.text).toContain("stored 'dhis-pass'");
    expect(set.text).not.toContain('hunter2');
    expect(set.closed).toBe(1);
    const list = await run(['secret', 'list'], couch);
    expect(list.text).toBe('dhis-pass\n');
  });

  it('refuses an empty value', async () => {
    await expect(run(['secret', 'set', 'k'], fakeCouch().couch, '')).rejects.toThrow(/empty/);
  });
});

describe('readPiped', () => {
  it('reads everything and drops one trailing newline', async () => {
    expect(await readPiped(Readable.from([Buffer.from('pa'), Buffer.from('ss\n')]))).toBe('pass');
    expect(await readPiped(Readable.from([Buffer.from('two\n\n')]))).toBe('two\n');
  });
});
