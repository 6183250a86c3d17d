/**
 * One vigil run in its own process, so its time, CPU and peak RSS are vigil's alone (not the seeding's
 * or the floor's). Forked by run-worker.ts with a JSON task as its argument; answers with one IPC message.
 *
 *   drain: createEngine(...).drain() on the seeded db (optionally stopped after `stopAfterMs`)
 *   due:   the due_tasks job at `nowMs`, its views brought up to date first (untimed)
 */
import { readFileSync } from 'node:fs';
import { connect } from '../lib/couch/client';
import { queryView } from '../lib/couch/bulk';
import { VIEWS } from '../lib/couch/views';
import { createEngine } from '../lib/engine';
import { createLogger } from '../lib/log';
import { createLookups } from '../lib/runner/lookups';
import { ManualClock } from '../lib/time/clock';
import { createDueTasksJob, type DueTasksSummary } from '../schedules/due-tasks';

export interface WorkerTask {
  kind: 'drain' | 'due';
  db: string;
  nowMs: number;
  zone: string;
  concurrency?: number;
  batchSize?: number;
  /** stop the drain after this long (measurement (c) samples its rate) */
  stopAfterMs?: number;
}

export interface WorkerResult {
  ms: number;
  /** changes transitioned (drain) */
  processed?: number;
  deadLettered?: number;
  /** the due_tasks run's summary (due) */
  due?: DueTasksSummary;
  /** building the run's views before the timer started */
  warmMs: number;
  /** peak resident set size of this process, MB */
  maxRssMb: number;
  /** CPU time of this process, s */
  cpuUserS: number;
  cpuSystemS: number;
}

async function run(task: WorkerTask): Promise<WorkerResult> {
  // credentials come in the environment, not in argv where `ps` shows them
  const couch = connect(process.env.BENCH_COUCH_URL as string, task.db);
  const clock = new ManualClock(task.nowMs, task.zone);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'error' });
  const engine = createEngine({ couch, clock, logger, concurrency: task.concurrency, batchSize: task.batchSize });
  await engine.init();
  const w0 = performance.now();
  await warmViews(couch, WARM[task.kind]);
  const warmMs = performance.now() - w0;
  // BENCH_TRACE_MEMORY=1: memory every 10 s on stderr, to tell growth from a one-off peak
  const trace = process.env.BENCH_TRACE_MEMORY ? setInterval(() => traceMemory(task.kind), 10_000) : undefined;
  process.send?.({ started: true }); // the parent starts its own clocks (the server's CPU) here
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out: Partial<WorkerResult> = {};
  if (task.kind === 'drain') {
    const timer = task.stopAfterMs ? setTimeout(() => void engine.stop(), task.stopAfterMs) : undefined;
    const res = await engine.drain();
    clearTimeout(timer);
    out.processed = res.processed;
    out.deadLettered = res.deadLettered;
  } else {
    // The job itself (not the leased wrapper engine.runJob uses): no other process competes here, and
    // the summary is what the bench reports.
    out.due = (await createDueTasksJob().run({ couch, config: engine.config, lookups: createLookups(couch), logger })) as DueTasksSummary;
  }
  const ms = performance.now() - t0;
  clearInterval(trace);
  const cpu = process.cpuUsage(cpu0);
  return {
    ...out,
    ms,
    warmMs,
    maxRssMb: peakRssMb(),
    cpuUserS: cpu.user / 1e6,
    cpuSystemS: cpu.system / 1e6,
  };
}

function traceMemory(kind: string): void {
  (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: what is retained, not what awaits collection
  const m = process.memoryUsage();
  const mb = (x: number) => Math.round(x / 1048576);
  process.stderr.write(`[${kind}] rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB\n`);
}

/**
 * Peak RSS of this process: VmHWM from /proc (Linux). Not getrusage's maxRSS: Linux carries the parent's
 * peak across fork+exec into the child's figure, so a bench parent holding the seed docs would inflate it.
 */
function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The views each run reads. A vigil that runs all the time finds them up to date; a fresh one builds them
 * on first use, which on a big database is a one-off cost of its own. The bench builds them before timing
 * (and reports how long that took), so the rates compare steady work, and (c)'s short sample is not
 * spent building indexes.
 */
const WARM: Record<WorkerTask['kind'], string[]> = {
  drain: [VIEWS.contacts_by_phone, VIEWS.contacts_by_reference, VIEWS.docs_by_shortcode, VIEWS.task_states],
  due: [VIEWS.messages_by_state, VIEWS.reports_by_subject, VIEWS.contacts_by_reference],
};

async function warmViews(couch: ReturnType<typeof connect>, views: string[]): Promise<void> {
  for (const view of views) await queryView(couch.medic, view, { limit: 1 });
}

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
run(task).then(
  (result) => {
    process.send?.({ ok: true, result });
    process.exit(0);
  },
  (err) => {
    process.send?.({ ok: false, error: String((err as Error)?.stack ?? err) });
    process.exit(1);
  },
);
