#!/usr/bin/env node
/** vigil's command line. */
import { Command, Option } from 'commander';
import path from 'node:path';
import { connectUrl, connect, safeUrl, type Couch } from '../lib/couch/client';
import { createLogger } from '../lib/log';
import { createEngine, type VigilEngine } from '../lib/engine';
import { startOpsServer } from '../lib/http/ops-server';
import { startStandaloneCouch, seedSettings } from '../lib/standalone';
import { loadSettingsFile } from '../lib/config/load';
import { checkSettings } from '../lib/config/check';
import { formatProblems } from '../lib/config/format';
import { listDeadLetters } from '../lib/runner/dead-letter';
import { parsePartition } from '../lib/feed/partition';
import { runEmbeddedServerForeground } from '../lib/embedded/spawn';
import { TRANSITIONS } from '../transitions';
import { registerParseCommand } from '../forms/cli';
import { createRecordFromSms } from '../forms';
import { simulate, formatSimulation } from '../lib/simulate/simulate';
import { ManualClock, resolveZone } from '../lib/time/clock';
import fs from 'node:fs/promises';
import { registerSecretCommands, Vault } from '../lib/secrets';
import { mountGateways } from '../gateways';
import { isOutboundDeadLetter, requeueOutboundDeadLetter } from '../lib/outbound/dead-letter';
import type { Settings } from '../lib/types';

const program = new Command();
program.name('vigil').description('A Sentinel-compatible transition and messaging engine for CouchDB').version('0.1.0');

interface Connection {
  couch: Couch;
  close(): Promise<void>;
  standalone: boolean;
}

/** COUCH_URL when given (sidecar beside CHT), else the embedded server (standalone). */
async function connectOrStart(opts: { dataDir?: string; couchPort?: number; memory?: boolean }, logger = createLogger()): Promise<Connection> {
  if (process.env.COUCH_URL) {
    const couch = connectUrl(process.env.COUCH_URL);
    logger.info('using CouchDB', { url: safeUrl(process.env.COUCH_URL) });
    return { couch, close: async () => undefined, standalone: false };
  }
  const server = await startStandaloneCouch({
    port: opts.couchPort ?? Number(process.env.VIGIL_COUCH_PORT ?? 5984),
    dataDir: opts.dataDir ?? path.resolve('data'),
    memory: opts.memory,
    logger,
  });
  return { couch: connect(server.serverUrl, 'medic'), close: () => server.stop(), standalone: true };
}

async function readSettingsOption(file: string | undefined): Promise<Settings | undefined> {
  return file ? loadSettingsFile(path.resolve(file)) : undefined;
}

program
  .command('run')
  .description('follow the changes feed and run transitions and jobs (standalone without COUCH_URL)')
  .option('--once', 'drain up to the current update_seq, then exit')
  .option('--settings <file>', 'use this app_settings.json instead of the settings doc')
  .option('--partition <i/n>', 'own only the doc ids hashing to partition i of n')
  .option('--concurrency <n>', 'docs transitioned at once (default 64)', (v) => parseInt(v, 10))
  .option('--batch-size <n>', 'changes per batch', (v) => parseInt(v, 10))
  .addOption(new Option('--port <n>', 'ops HTTP port (/healthz, /readyz, /metrics)').default(Number(process.env.VIGIL_PORT ?? 5987)).argParser((v) => parseInt(v, 10)))
  .option('--host <host>', 'ops HTTP host', process.env.VIGIL_HOST ?? '127.0.0.1')
  .option('--data <dir>', 'embedded server data folder (standalone)', 'data')
  .action(async (opts) => {
    const logger = createLogger();
    const conn = await connectOrStart({ dataDir: path.resolve(opts.data) }, logger);
    const fileSettings = await readSettingsOption(opts.settings);
    if (conn.standalone) {
      const seed = fileSettings ?? (await loadSettingsFile(path.resolve('app_settings.json')));
      if (await seedSettings(conn.couch, seed)) logger.info('loaded app_settings.json into the settings doc');
    }
    const engine = createEngine({
      couch: conn.couch,
      settings: opts.settings ? fileSettings : undefined,
      concurrency: opts.concurrency,
      batchSize: opts.batchSize,
      partition: opts.partition ? parsePartition(opts.partition) : undefined,
      logger,
    });
    await engine.init();
    if (opts.once) {
      const res = await engine.drain();
      logger.info('drained', { ...res });
      await conn.close();
      process.exit(0);
    }
    const ops = await startOpsServer({ port: opts.port, host: opts.host, metrics: engine.metrics, health: () => engine.health(), logger });
    logger.info('ops server listening', { port: ops.port, host: opts.host });
    // vigil serves the SMS gateways when it is the API (standalone); beside CHT, CHT's API does, unless
    // VIGIL_GATEWAYS=1 says otherwise (both sending would double every SMS).
    const gateways = conn.standalone || process.env.VIGIL_GATEWAYS === '1'
      ? await mountGateways(ops.app, { couch: conn.couch, config: () => engine.config, logger, secrets: new Vault(conn.couch) })
      : undefined;
    gateways?.start();
    await engine.start();
    installShutdown(engine, async () => {
      await gateways?.stop();
      await ops.close();
      await conn.close();
    }, logger);
  });

function installShutdown(engine: VigilEngine, after: () => Promise<void>, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: finishing the batch in flight', { signal });
    const force = setTimeout(() => process.exit(1), 60_000);
    force.unref();
    try {
      await engine.stop();
      await after();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error('error while stopping', { error: String((err as Error)?.message ?? err) });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

program
  .command('couch')
  .description('run the embedded CouchDB-compatible server alone')
  .option('--memory', 'keep data in memory only')
  .option('--port <n>', 'port', (v) => parseInt(v, 10), Number(process.env.VIGIL_COUCH_PORT ?? 5984))
  .option('--host <host>', 'host', '127.0.0.1')
  .option('--data <dir>', 'data folder', 'data')
  .action(async (opts) => {
    await runEmbeddedServerForeground({ port: opts.port, host: opts.host, memory: !!opts.memory, dataDir: path.resolve(opts.data) });
  });

program
  .command('check [file]')
  .description('validate an app_settings.json; prints every problem with its JSON path, exits 1 if any')
  .action(async (file: string | undefined) => {
    const target = path.resolve(file ?? 'app_settings.json');
    let settings: Settings;
    try {
      settings = await loadSettingsFile(target);
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(1);
    }
    const problems = checkSettings(settings, { transitions: TRANSITIONS });
    const errors = problems.filter((p) => p.severity !== 'warning');
    if (problems.length) process.stdout.write(`${formatProblems(problems)}\n`);
    process.stdout.write(errors.length ? `${target}: ${errors.length} problem(s)\n` : `${target}: ok\n`);
    process.exit(errors.length ? 1 : 0);
  });

const dlq = program.command('dlq').description('dead letters: changes that kept failing');
dlq
  .command('list')
  .description('list dead-lettered changes')
  .option('--json', 'print JSON')
  .action(async (opts) => {
    const conn = await connectOrStart({}, createLogger({ silent: true }));
    try {
      const letters = await listDeadLetters(conn.couch.sentinel);
      if (opts.json) process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      else if (!letters.length) process.stdout.write('no dead letters\n');
      else
        for (const l of letters) {
          const what = isOutboundDeadLetter(l) ? `${l.doc_id} (outbound ${l.name})` : l.doc_id;
          process.stdout.write(`${what}\tattempts=${l.attempts ?? '?'}\tlast=${l.last_failed ?? '?'}\t${l.error ?? (l as any).last_error ?? ''}\n`);
        }
    } finally {
      await conn.close();
    }
  });
dlq
  .command('retry [docId]')
  .description('transition dead-lettered docs again (all, or one doc id); successes leave the list')
  .action(async (docId: string | undefined) => {
    const logger = createLogger();
    const conn = await connectOrStart({}, logger);
    let failed = 0;
    try {
      const engine = createEngine({ couch: conn.couch, logger });
      await engine.init();
      const letters = (await listDeadLetters(conn.couch.sentinel)).filter((l) => !docId || l.doc_id === docId);
      // Outbound pushes go back into the outbox; changes are transitioned again.
      for (const l of letters.filter(isOutboundDeadLetter)) {
        await requeueOutboundDeadLetter(conn.couch, l, Date.now());
        process.stdout.write(`requeued outbound push ${l.name} of ${l.doc_id}\n`);
      }
      const ids = docId && !letters.length ? [docId] : letters.filter((l) => !isOutboundDeadLetter(l)).map((l) => l.doc_id);
      const res = await engine.reprocess(ids);
      for (const id of res.done) process.stdout.write(`retried ${id}: ok\n`);
      for (const f of res.failed) process.stdout.write(`retried ${f.id}: failed again: ${f.error}\n`);
      failed = res.failed.length;
    } finally {
      await conn.close();
    }
    process.exit(failed ? 1 : 0);
  });

const jobs = program.command('jobs').description('scheduled jobs');
jobs
  .command('run <name>')
  .description('run one scheduled job once')
  .action(async (name: string) => {
    const logger = createLogger();
    const conn = await connectOrStart({}, logger);
    try {
      const engine = createEngine({ couch: conn.couch, logger });
      await engine.init();
      await engine.runJob(name);
    } finally {
      await conn.close();
    }
  });

program
  .command('simulate')
  .description('preview, without a database, what a report would send now and later')
  .requiredOption('--report <file>', 'a data_record JSON, or {"message": "SMS text", "from": "+254..."}')
  .option('--settings <file>', 'app settings', 'app_settings.json')
  .option('--contacts <file>', 'a JSON array of contacts (people and places) the report may refer to')
  .option('--now <iso>', 'when the report arrives (default: now)')
  .option('--json', 'print JSON')
  .action(async (opts) => {
    const settings = await loadSettingsFile(path.resolve(opts.settings));
    const readJson = async (file: string) => JSON.parse(await fs.readFile(path.resolve(file), 'utf8'));
    const input = await readJson(opts.report);
    const contacts = opts.contacts ? await readJson(opts.contacts) : [];
    const nowMs = opts.now ? Date.parse(opts.now) : Date.now();
    if (!Number.isFinite(nowMs)) throw new Error(`--now: not a date: ${opts.now}`);
    const clock = new ManualClock(nowMs, resolveZone(settings.timezone));
    // An SMS text goes through the same parser the gateways use.
    const report = typeof input.message === 'string' && !input.type
      ? createRecordFromSms(settings, {}, { message: input.message, from: String(input.from ?? '') }, clock)
      : input;
    const result = await simulate({ settings, report, contacts, nowMs, transitions: TRANSITIONS });
    process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatSimulation(result)}\n`);
  });

registerSecretCommands(program, async () => {
  const conn = await connectOrStart({}, createLogger({ silent: true }));
  return { couch: conn.couch, close: () => conn.close() };
});

registerParseCommand(program, (file) => loadSettingsFile(path.resolve(file ?? 'app_settings.json')));

program.parseAsync(process.argv).catch((err) => {
  process.stderr.write(`vigil: ${(err as Error)?.message ?? err}\n`);
  process.exit(1);
});
