/**
 * `vigil secret set KEY` (value from stdin, never echoed or logged), `vigil secret list` (keys only) and
 * `vigil secret delete KEY`. The lead wires these into bin/vigil.ts with the CLI's own connection.
 */
import type { Command } from 'commander';
import type { Couch } from '../couch/client';
import { SECRET_KEY_ENV } from './key';
import { readSecretValue } from './stdin';
import { Vault } from './vault';

export type Connect = () => Promise<{ couch: Couch; close(): Promise<void> }>;

export interface SecretCommandIo {
  /** the value to store (default: stdin) */
  readValue?: () => Promise<string>;
  out?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

async function withVault<T>(connect: Connect, env: NodeJS.ProcessEnv, fn: (vault: Vault) => Promise<T>): Promise<T> {
  const conn = await connect();
  try {
    return await fn(new Vault(conn.couch, env));
  } finally {
    await conn.close();
  }
}

export function registerSecretCommands(program: Command, connect: Connect, io: SecretCommandIo = {}): Command {
  const out = io.out ?? process.stdout;
  const env = io.env ?? process.env;
  const secret = program
    .command('secret')
    .description(`credentials for outbound destinations, encrypted in the <db>-vault database (CouchDB's secret, or ${SECRET_KEY_ENV})`);
  secret
    .command('set <key>')
    .description('store a credential; the value is read from stdin (typed without echo on a terminal)')
    .action(async (key: string) => {
      const value = await (io.readValue ?? (() => readSecretValue(`value for '${key}' (not shown): `)))();
      if (value === '') throw new Error('refusing to store an empty value');
      await withVault(connect, env, async (vault) => {
        await vault.set(key, value);
        out.write(`stored '${key}' (encrypted with the key from ${(await vault.keySource()) === 'couchdb' ? 'CouchDB' : SECRET_KEY_ENV})\n`);
      });
    });
  secret
    .command('list')
    .description('list the stored credential keys (never their values)')
    .action(async () => {
      const keys = await withVault(connect, env, (vault) => vault.list());
      out.write(keys.length ? `${keys.join('\n')}\n` : 'no credentials\n');
    });
  secret
    .command('delete <key>')
    .description('remove a stored credential')
    .action(async (key: string) => {
      const removed = await withVault(connect, env, (vault) => vault.delete(key));
      out.write(removed ? `deleted '${key}'\n` : `no credential '${key}'\n`);
    });
  return secret;
}
