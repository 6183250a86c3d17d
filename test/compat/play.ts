/**
 * Plays ONE scenario against a real CouchDB-compatible server: fresh databases, settings, translations and
 * fixtures, an engine on a manual clock caught up past the fixtures, then the inputs or the steps, checking
 * the expectations after each step and at the end. Databases are destroyed afterwards unless `keep`.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import winston from 'winston';
import { connect, type Couch } from '../../lib/couch/client';
import type { Engine } from '../../lib/engine-api';
import { ManualClock } from '../../lib/time/clock';
import { usesOutbound } from './classify';
import type { CreateEngine } from './engine-factory';
import { checkAll } from './expect';
import { compareOutbound, mockBaseUrls, OutboundMock } from './outbound';
import { resolvePlaceholders, type Captures } from './placeholders';
import { couchReader, type AnyDoc } from './reader';
import { DEFAULT_NOW, expandInputs, type Expectation, type OutboundExpect, type Scenario, type Step } from './scenario';

export interface PlayOptions {
  /** server root with credentials, no trailing slash */
  serverUrl: string;
  createEngine: CreateEngine;
  /** keep the databases afterwards */
  keep?: boolean;
  /** per-scenario time limit (default 60 s) */
  timeoutMs?: number;
  /** engine log level kept in memory and shown on failure (default "info") */
  logLevel?: string;
  /** progress lines (verbose mode) */
  trace?: (line: string) => void;
}

export interface PlayResult {
  ok: boolean;
  /** failing expectations and errors, ready to print */
  failures: string[];
  /** the number of expectations checked (and passed) */
  passedChecks: number;
  dbName: string;
  durationMs: number;
  /** the last engine log lines */
  logs: string[];
}

const STEP_KEYS = new Set(['write', 'update', 'set', 'resave', 'delete', 'update_settings', 'run_scheduler', 'http_mock', 'simulate', 'order', 'expect', 'note']);
const MAX_DRAINS = 10;
const LOG_LINES = 200;

/** `compat-<id lowercased, sanitised>-<random>`: a valid CouchDB database name. */
export function databaseName(id: string): string {
  const base = id
    .toLowerCase()
    .replace(/[^a-z0-9_$()+-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `compat-${base || 'scenario'}-${randomBytes(3).toString('hex')}`;
}

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number };
  return e?.statusCode ?? e?.status;
}

function shuffle<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function memoryLogger(level: string, lines: string[]): winston.Logger {
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      lines.push(String(chunk).trimEnd());
      if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
      done();
    },
  });
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream })],
  });
}

class Player {
  readonly dbName: string;
  readonly couch: Couch;
  readonly failures: string[] = [];
  readonly logs: string[] = [];
  passedChecks = 0;
  private engine: Engine | undefined;
  private mock: OutboundMock | undefined;
  private readonly captures: Captures = new Map();
  private readonly inputs = new Map<string, AnyDoc>();
  private readonly written = new Set<string>();
  private readonly logger: winston.Logger;
  private dbsCreated = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly opts: PlayOptions,
  ) {
    this.dbName = databaseName(scenario.id);
    this.couch = connect(opts.serverUrl, this.dbName);
    this.logger = memoryLogger(opts.logLevel ?? 'info', this.logs);
  }

  private trace(line: string): void {
    this.opts.trace?.(`  [${this.scenario.id}] ${line}`);
  }

  async run(): Promise<void> {
    const s = this.scenario;
    for (const doc of expandInputs(s)) this.inputs.set(doc._id, doc as AnyDoc);
    for (const [i, step] of (s.steps ?? []).entries()) {
      const unknown = Object.keys(step).filter((k) => !STEP_KEYS.has(k));
      if (unknown.length) throw new Error(`step ${i + 1}: unsupported key(s) ${unknown.join(', ')}`);
    }

    await this.couch.server.db.create(this.couch.medicName);
    await this.couch.server.db.create(this.couch.sentinelName);
    this.dbsCreated = true;
    this.trace(`databases ${this.couch.medicName} and ${this.couch.sentinelName}`);

    if (usesOutbound(s)) {
      this.mock = new OutboundMock(mockBaseUrls(s));
      await this.mock.start();
      await this.mock.apply(s.http_mock);
    }

    const settings = this.mock ? this.mock.rewrite(s.settings) : s.settings;
    const setup: AnyDoc[] = [{ _id: 'settings', settings: structuredClone(settings) }];
    for (const [locale, generic] of Object.entries(s.translations ?? {})) {
      setup.push({ _id: `messages-${locale}`, type: 'translations', code: locale, name: locale, enabled: true, generic: { ...generic } });
    }
    await this.bulkWrite(setup.concat(s.fixtures.map((f) => structuredClone(f) as AnyDoc)), 'fixture');

    const clock = new ManualClock(Date.parse(s.now ?? DEFAULT_NOW), 'UTC');
    this.engine = this.opts.createEngine({ couch: this.couch, clock, concurrency: 1, logger: this.logger });
    await this.engine.init();
    await this.engine.markCaughtUp();
    this.trace('engine initialised and caught up past the fixtures');

    if (s.steps && s.steps.length) {
      for (const [i, step] of s.steps.entries()) await this.playStep(step, i + 1);
    } else {
      await this.writeInputs([...this.inputs.keys()], false);
    }
    await this.check(s.expect ?? [], 'final');
    if (s.outbound_expect !== undefined) await this.checkOutbound(s.outbound_expect);
  }

  private async playStep(step: Step, n: number): Promise<void> {
    const label = `step ${n}`;
    this.trace(`${label}: ${Object.keys(step).filter((k) => k !== 'expect' && k !== 'note').join(', ') || '(expect only)'}`);
    if (step.http_mock !== undefined) {
      if (!this.mock) throw new Error(`${label}: http_mock without an outbound mock`);
      await this.mock.apply(step.http_mock);
    }
    if (step.update_settings) await this.updateSettings(step.update_settings);
    if (step.simulate !== undefined) await this.simulate(step.simulate);
    if (step.write) await this.writeInputs(step.write, step.order === 'any');
    if (step.update !== undefined) await this.updateDoc(step.update, step.set ?? {});
    else if (step.set) throw new Error(`${label}: set without update`);
    for (const id of step.resave ?? []) {
      const doc = await this.couch.medic.get(id);
      await this.couch.medic.insert(doc);
    }
    for (const id of step.delete ?? []) {
      const doc = await this.couch.medic.get(id);
      await this.couch.medic.destroy(id, doc._rev);
    }
    await this.drainAll();
    if (step.run_scheduler !== undefined) {
      this.trace(`${label}: runJob(${step.run_scheduler})`);
      await this.requireEngine().runJob(step.run_scheduler);
      await this.drainAll();
    }
    await this.check(step.expect ?? [], label);
  }

  private requireEngine(): Engine {
    if (!this.engine) throw new Error('engine not created');
    return this.engine;
  }

  /** Drains until a drain finds nothing new (the engine's own writes are changes too). */
  private async drainAll(): Promise<void> {
    const engine = this.requireEngine();
    for (let i = 0; i < MAX_DRAINS; i++) {
      const r = await engine.drain();
      this.trace(`drain: processed ${r.processed}, dead-lettered ${r.deadLettered}`);
      if (r.deadLettered) this.failures.push(`engine dead-lettered ${r.deadLettered} change(s) (see engine logs)`);
      if (!r.processed) return;
    }
    throw new Error(`the engine did not settle after ${MAX_DRAINS} drains (it keeps producing changes)`);
  }

  private async bulkWrite(docs: AnyDoc[], what: string): Promise<void> {
    if (!docs.length) return;
    const res = await this.couch.medic.bulk({ docs });
    const errors = (res as Array<{ id?: string; error?: string; reason?: string }>).filter((r) => r.error);
    if (errors.length) throw new Error(`writing ${what} docs failed: ${errors.map((e) => `${e.id}: ${e.error} ${e.reason ?? ''}`).join('; ')}`);
  }

  private async writeInputs(ids: string[], anyOrder: boolean): Promise<void> {
    const docs: AnyDoc[] = [];
    for (const id of ids) {
      const doc = this.inputs.get(id);
      if (!doc) throw new Error(`write: ${id} is not an input doc of this scenario`);
      const copy = structuredClone(doc);
      if (this.written.has(id)) {
        // writing an input again overwrites its stored revision
        try {
          copy._rev = ((await this.couch.medic.get(id)) as AnyDoc)._rev;
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }
      this.written.add(id);
      docs.push(copy);
    }
    const sequential = this.scenario.input_mode === 'sequential';
    if (anyOrder) {
      const order = shuffle(docs);
      this.trace(`write (any order): ${order.map((d) => d._id).join(', ')}`);
      for (const doc of order) {
        await this.bulkWrite([doc], 'input');
        if (sequential) await this.drainAll();
      }
      await this.drainAll();
    } else if (sequential) {
      for (const doc of docs) {
        this.trace(`write ${doc._id}`);
        await this.bulkWrite([doc], 'input');
        await this.drainAll();
      }
    } else {
      this.trace(`write ${docs.length} doc(s) in one _bulk_docs`);
      await this.bulkWrite(docs, 'input');
      await this.drainAll();
    }
  }

  private async updateDoc(id: string, set: Record<string, unknown>): Promise<void> {
    const doc = (await this.couch.medic.get(id)) as AnyDoc;
    Object.assign(doc, structuredClone(set));
    await this.couch.medic.insert(doc);
  }

  private async updateSettings(patch: Record<string, unknown>): Promise<void> {
    const doc = (await this.couch.medic.get('settings')) as AnyDoc;
    const rewritten = this.mock ? this.mock.rewrite(patch) : patch;
    doc.settings = { ...(doc.settings ?? {}), ...structuredClone(rewritten) };
    await this.couch.medic.insert(doc);
    await this.requireEngine().reloadConfig();
    this.trace(`settings updated (${Object.keys(patch).join(', ')}) and reloaded`);
  }

  private async simulate(what: string): Promise<void> {
    if (what !== 'restart') throw new Error(`unsupported simulate ${JSON.stringify(what)} (supported: restart)`);
    await this.requireEngine().stop();
    const clock = new ManualClock(Date.parse(this.scenario.now ?? DEFAULT_NOW), 'UTC');
    this.engine = this.opts.createEngine({ couch: this.couch, clock, concurrency: 1, logger: this.logger });
    await this.engine.init();
    this.trace('engine restarted');
  }

  private async check(list: Expectation[], label: string): Promise<void> {
    if (this.mock) await this.mock.settle();
    if (!list.length) return;
    const results = await checkAll(list, couchReader(this.couch), this.captures);
    for (const r of results) {
      if (r.ok) {
        this.passedChecks++;
        this.trace(`ok ${r.message}`);
      } else this.failures.push(`${label}: ${r.message}`);
    }
  }

  private async checkOutbound(expected: OutboundExpect): Promise<void> {
    if (!this.mock) throw new Error('outbound_expect without an outbound mock');
    await this.mock.settle(300);
    const resolved = (await resolvePlaceholders(expected, this.captures, couchReader(this.couch))) as OutboundExpect;
    const problems = compareOutbound(resolved, this.mock.requests);
    if (problems.length) {
      this.failures.push(`outbound: ${problems.join('\n      ')}${this.mock.requests.length ? '' : '\n      (no request reached the mock)'}`);
    } else this.passedChecks++;
  }

  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    if (this.engine) {
      try {
        await this.engine.stop();
      } catch (err) {
        problems.push(`engine.stop() failed: ${(err as Error)?.message ?? String(err)}`);
      }
    }
    await this.mock?.stop();
    if (this.dbsCreated && !this.opts.keep) {
      for (const name of [this.couch.medicName, this.couch.sentinelName]) {
        try {
          await this.couch.server.db.destroy(name);
        } catch (err) {
          if (statusOf(err) !== 404) problems.push(`could not destroy ${name}: ${(err as Error).message}`);
        }
      }
    } else if (this.dbsCreated) {
      this.trace(`kept databases ${this.couch.medicName} and ${this.couch.sentinelName}`);
    }
    return problems;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Plays one scenario; never throws. */
export async function playScenario(scenario: Scenario, opts: PlayOptions): Promise<PlayResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const player = new Player(scenario, opts);
  const running = player.run().then(
    () => undefined,
    (err: unknown) => err ?? new Error('unknown error'),
  );
  const outcome = await withTimeout(running, timeoutMs);
  if (outcome === 'timeout') player.failures.push(`timed out after ${timeoutMs / 1000} s`);
  else if (outcome !== undefined) {
    const err = outcome as { message?: string; statusCode?: number; reason?: string };
    player.failures.push(`error: ${err.message ?? String(err)}${err.statusCode ? ` (HTTP ${err.statusCode})` : ''}`);
  }
  const cleanupOutcome = await withTimeout(player.cleanup(), 15_000);
  if (cleanupOutcome === 'timeout') player.failures.push('cleanup timed out (engine.stop() did not return)');
  else player.failures.push(...cleanupOutcome);
  return {
    ok: player.failures.length === 0,
    failures: player.failures,
    passedChecks: player.passedChecks,
    dbName: player.dbName,
    durationMs: Date.now() - started,
    logs: player.logs,
  };
}
