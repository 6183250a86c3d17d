/**
 * The compatibility runner:
 *   node dist/test/compat/main.js [--scenarios FILE] [--only ID,ID] [--verbose] [--json [FILE]]
 *                                 [--keep] [--timeout SECONDS] [--deviations FILE] [--include-not-yet]
 * Plays every scenario of the scenarios file against the engine on a real server (the embedded one from
 * test/helpers/couch.ts, or COUCH_URL) and prints one line per scenario plus a summary.
 * Exit code 1 when a played scenario FAILs (deviations and not-yet scenarios do not fail the run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import winston from 'winston';
import { connect } from '../../lib/couch/client';
import { classify, type Capabilities, type Classification } from './classify';
import { loadDeviations } from './deviations';
import { loadCreateEngine, type CreateEngine } from './engine-factory';
import { deviationsFile, findRepoRoot, scenariosFile } from './locate';
import { playScenario } from './play';
import { formatResult, jsonReport, outcomeOf, summarize, summaryLines, type ScenarioResult } from './report';
import { loadScenarios, type Scenario } from './scenario';

interface CliOptions {
  scenarios?: string;
  only: string[];
  verbose: boolean;
  json?: string | true;
  keep: boolean;
  timeoutMs: number;
  deviations?: string;
  /** play NOT-YET scenarios too (to watch progress on a transition being written) */
  includeNotYet?: boolean;
}

const USAGE = `usage: node dist/test/compat/main.js [--scenarios FILE] [--only ID,ID] [--verbose] [--json [FILE]]
                                   [--keep] [--timeout SECONDS] [--deviations FILE] [--include-not-yet]
  --scenarios FILE   scenarios file (default: $VIGIL_SCENARIOS, else ../shared/compat/scenarios.json)
  --only IDS         comma-separated scenario ids (repeatable)
  --verbose          progress, passing checks, engine logs of failures, not-yet reasons
  --json [FILE]      write machine-readable results (default dist/compat-results.json)
  --keep             keep each scenario's databases
  --timeout SECONDS  per-scenario time limit (default 60)
  --deviations FILE  deviations document (default docs/compatibility.md)
  --include-not-yet  also play scenarios that need unimplemented transitions/jobs
Server: the embedded test server (test/helpers/couch.ts), or COUCH_URL (server root) when set.`;

export function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { only: [], verbose: false, keep: false, timeoutMs: 60_000 };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => inline ?? value(i++, flag);
    switch (flag) {
      case '--scenarios':
        opts.scenarios = take();
        break;
      case '--only':
        opts.only.push(...take().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--verbose':
      case '-v':
        opts.verbose = true;
        break;
      case '--json':
        if (inline !== undefined) opts.json = inline;
        else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) opts.json = argv[++i];
        else opts.json = true;
        break;
      case '--keep':
        opts.keep = true;
        break;
      case '--timeout': {
        const s = Number(take());
        if (!(s > 0)) throw new Error('--timeout needs a positive number of seconds');
        opts.timeoutMs = s * 1000;
        break;
      }
      case '--deviations':
        opts.deviations = take();
        break;
      case '--include-not-yet':
        opts.includeNotYet = true;
        break;
      case '--help':
      case '-h':
        throw new HelpRequested();
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return opts;
}

class HelpRequested extends Error {}

interface TestServer {
  url: string;
  stop(): Promise<void>;
}

/** The embedded test server from test/helpers/couch.ts; COUCH_URL (a server root) when that helper is absent. */
async function startServer(): Promise<TestServer> {
  let helper: { getTestCouch?: () => Promise<TestServer> } | undefined;
  try {
    // loaded lazily: the helper is optional at build time
    helper = require('../helpers/couch');
  } catch (err) {
    if (!process.env.COUCH_URL) throw new Error(`cannot load test/helpers/couch (${(err as Error).message.split('\n')[0]}) and COUCH_URL is not set`);
  }
  if (helper?.getTestCouch) return helper.getTestCouch();
  const url = (process.env.COUCH_URL ?? '').replace(/\/+$/, '');
  if (!url) throw new Error('test/helpers/couch has no getTestCouch and COUCH_URL is not set');
  return { url, stop: async () => undefined };
}

function capabilities(createEngine: CreateEngine): Capabilities {
  // a probe engine that never touches the network: only asked what it implements
  const probe = createEngine({ couch: connect('http://127.0.0.1:9', 'compat-probe'), logger: winston.createLogger({ silent: true }) });
  return { transitions: [...probe.implementedTransitions()], jobs: [...probe.implementedJobs()] };
}

export async function main(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    console.error(`compat: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  // the scenarios assume a server in UTC (as CHT's test containers)
  process.env.TZ = 'UTC';

  const repoRoot = findRepoRoot(__dirname);
  const file = scenariosFile(repoRoot, opts.scenarios);
  let scenarios: Scenario[];
  try {
    scenarios = loadScenarios(file);
  } catch (err) {
    console.error(`compat: cannot load scenarios: ${(err as Error).message}`);
    return 2;
  }
  if (opts.only.length) {
    const unknown = opts.only.filter((id) => !scenarios.some((s) => s.id === id));
    if (unknown.length) {
      console.error(`compat: unknown scenario id(s): ${unknown.join(', ')}`);
      return 2;
    }
    scenarios = scenarios.filter((s) => opts.only.includes(s.id));
  }
  const devFile = deviationsFile(repoRoot, opts.deviations);
  const deviations = loadDeviations(devFile);

  let createEngine: CreateEngine;
  let caps: Capabilities;
  try {
    createEngine = loadCreateEngine();
    caps = capabilities(createEngine);
  } catch (err) {
    console.error(`compat: ${(err as Error).message}`);
    return 1;
  }
  if (opts.verbose) {
    console.log(`compat: ${scenarios.length} scenario(s) from ${file}`);
    console.log(`compat: engine implements transitions [${caps.transitions.join(', ')}], jobs [${caps.jobs.join(', ')}]`);
  }

  const plan: Array<{ scenario: Scenario; classification: Classification }> = scenarios.map((scenario) => {
    const classification = classify(scenario, caps);
    return { scenario, classification: opts.includeNotYet && classification.kind === 'not-yet' ? { kind: 'play' } : classification };
  });
  const results: ScenarioResult[] = [];
  let server: TestServer | undefined;
  const trace = opts.verbose ? (line: string) => console.log(line) : undefined;
  try {
    for (const { scenario, classification } of plan) {
      let played;
      if (classification.kind === 'play') {
        if (!server) {
          server = await startServer();
          if (opts.verbose) console.log('compat: server started');
        }
        played = await playScenario(scenario, { serverUrl: server.url, createEngine, keep: opts.keep, timeoutMs: opts.timeoutMs, trace });
      }
      const result = outcomeOf(scenario, classification, played, deviations.get(scenario.id));
      results.push(result);
      for (const line of formatResult(result, opts.verbose)) console.log(line);
    }
  } catch (err) {
    console.error(`compat: ${(err as Error)?.message ?? String(err)}`);
    await server?.stop().catch(() => undefined);
    return 1;
  }
  await server?.stop().catch((err: Error) => console.error(`compat: stopping the server failed: ${err.message}`));

  if (!opts.only.length) {
    const stale = [...deviations.keys()].filter((id) => !scenarios.some((s) => s.id === id));
    if (stale.length) console.log(`note: ${devFile} lists deviations for ids not in ${file}: ${stale.join(', ')}`);
  }
  const summary = summarize(results);
  for (const line of summaryLines(summary)) console.log(line);

  if (opts.json) {
    const out = opts.json === true ? join(repoRoot, 'dist', 'compat-results.json') : resolve(opts.json);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(jsonReport(results, { scenarios: file, deviations: devFile, finished: new Date().toISOString() }), null, 2)}\n`);
    if (opts.verbose) console.log(`compat: results written to ${out}`);
  }
  return summary.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
