/**
 * Standalone mode: with no COUCH_URL, vigil starts its embedded CouchDB-compatible server as a child
 * process on 127.0.0.1, creates `medic` and `medic-sentinel`, and seeds the `settings` doc from
 * ./app_settings.json when there is none.
 */
import type { Logger } from 'winston';
import { connect, ensureDb, statusOf, type Couch } from './couch/client';
import { startEmbeddedServer } from './embedded/spawn';
import type { Settings } from './types';

export interface StandaloneOptions {
  port: number;
  dataDir: string;
  memory?: boolean;
  logger: Logger;
}

export async function startStandaloneCouch(opts: StandaloneOptions): Promise<{ serverUrl: string; stop(): Promise<void> }> {
  const server = await startEmbeddedServer({
    port: opts.port,
    memory: opts.memory,
    dataDir: opts.dataDir,
    username: process.env.VIGIL_COUCH_USER,
    password: process.env.VIGIL_COUCH_PASSWORD,
  });
  opts.logger.info('embedded couch started', { port: server.port, data: opts.memory ? 'memory' : opts.dataDir });
  return { serverUrl: server.url, stop: () => server.stop() };
}

/** Creates the databases and writes `settings` unless a settings doc exists already. Returns whether it wrote it. */
export async function seedSettings(couch: Couch, settings: Settings): Promise<boolean> {
  await ensureDb(couch.server, couch.medicName);
  await ensureDb(couch.server, couch.sentinelName);
  try {
    await couch.medic.get('settings');
    return false;
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
  try {
    await couch.medic.insert({ _id: 'settings', settings } as any);
    return true;
  } catch (err) {
    if (statusOf(err) === 409) return false;
    throw err;
  }
}

export { connect };
