/**
 * `npm run bench`: vigil on a backlog of the shipped VMMC workflow, against its I/O floor and against
 * the Sentinel way of working (one change at a time, a checkpoint each), plus the due_tasks job
 * releasing one message per registration. Prints docs/s, the ratios of issue 6's targets, peak RSS, and
 * a final JSON line with every figure. Targets are reported, never asserted.
 *
 * Order: seed two identical dbs (b's and c's) → (a) read floor on b's db → (b) vigil drains it →
 * (a) write floor with b's output → due_tasks on b's db → (c) sampled on c's db.
 */
import os from 'node:os';
import { parseArgs } from './args';
import { measureRead, measureWrite } from './floor';
import { formatFigures, rate, round, type Figures } from './report';
import { runWorker } from './run-worker';
import type { WorkerTask } from './worker';
import { createDbPair, openServer, seed } from './server';
import { backlogOrder, buildContacts, buildReports, FIRST_CHECKIN, loadShippedSettings, START, ZONE } from './workflow';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await openServer(args.memory);
  const figures: Figures = { n: args.n, server: server.kind, cores: os.cpus().length };
  const dbs: Array<{ drop(): Promise<void> }> = [];
  const cleanup = async () => {
    for (const db of dbs.splice(0)) await db.drop().catch(() => undefined);
    await server.stop();
  };
  // Ctrl-C: leave no bench databases on a COUCH_URL server and no temp folder behind
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`bench: ${signal}, cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    const settings = await loadShippedSettings();
    const { places, people } = buildContacts(args.n);
    const chunks = backlogOrder(people, buildReports(settings, args.n));
    const stamp = Date.now().toString(36);
    const withBacklog = async (name: string) => {
      const pair = await createDbPair(server, `bench-${name}-${stamp}`);
      dbs.push(pair);
      log(`seeding ${pair.name}: ${places.length} places, ${args.n} people, ${args.n} registration reports`);
      await seed(server, pair.name, settings, places, chunks);
      return pair.name;
    };
    /** One vigil run in a worker, with the server's CPU seconds over its timed part. */
    const timed = async (task: WorkerTask, label: string) => {
      let cpu0: number | undefined;
      const result = await runWorker(server.url, task, { profileDir: args.profileDir, label, onStart: () => (cpu0 = server.cpuSeconds()) });
      const cpu1 = server.cpuSeconds();
      return { result, serverCpuS: cpu0 === undefined || cpu1 === undefined ? undefined : round(cpu1 - cpu0) };
    };
    const batch = 200; // vigil's default batch size: the floor reads and writes in the same steps
    const b = await withBacklog('b');

    const read = await measureRead(server, b, batch);
    log(`(a) read floor: ${read.changes} changes in ${round(read.ms / 1000)} s`);

    log('(b) vigil drains the backlog with default settings...');
    const { result: drained, serverCpuS } = await timed({ kind: 'drain', db: b, nowMs: START.toMillis(), zone: ZONE }, 'b');
    figures.vigil = {
      changes: read.changes,
      processed: drained.processed ?? 0,
      dead_lettered: drained.deadLettered ?? 0,
      ms: round(drained.ms, 0),
      per_s: round(rate(read.changes, drained.ms)),
      peak_rss_mb: round(drained.maxRssMb),
      cpu_s: round(drained.cpuUserS + drained.cpuSystemS),
      server_cpu_s: serverCpuS,
      view_build_s: round(drained.warmMs / 1000),
    };

    const write = await measureWrite(server, b, batch);
    log(`(a) write floor: ${write.docs} docs in ${round(write.ms / 1000)} s`);
    figures.floor = {
      read_changes: read.changes,
      read_ms: round(read.ms, 0),
      read_per_s: round(rate(read.changes, read.ms)),
      write_docs: write.docs,
      write_ms: round(write.ms, 0),
      write_per_s: round(rate(write.docs, write.ms)),
      write_kb_per_doc: round(write.bytes / 1024 / Math.max(1, write.docs), 2),
      // each backlog doc read once with its change and written once
      per_s: round(rate(read.changes, read.ms + write.ms * (read.changes / Math.max(1, write.docs)))),
    };
    figures.ratios = { b_over_a: round(figures.vigil.per_s / figures.floor.per_s, 3) };

    if (args.scenario === 'due' || args.scenario === 'all') {
      log('due_tasks: releasing the first check-in of every registration...');
      const { result: due, serverCpuS: dueServerCpuS } = await timed({ kind: 'due', db: b, nowMs: FIRST_CHECKIN.toMillis(), zone: ZONE }, 'due');
      const s = due.due!;
      figures.due = {
        messages: s.released,
        docs: s.docs,
        saved: s.saved,
        conflicts: s.conflicts,
        failed: s.failed,
        ms: round(due.ms, 0),
        per_s: round(rate(s.released, due.ms)),
        peak_rss_mb: round(due.maxRssMb),
        cpu_s: round(due.cpuUserS + due.cpuSystemS),
        server_cpu_s: dueServerCpuS,
        view_build_s: round(due.warmMs / 1000),
      };
      figures.due.over_write = round(figures.due.per_s / figures.floor.write_per_s, 3);
    }

    if (args.scenario !== 'due' && !args.skipC) {
      const c = await withBacklog('c');
      log(`(c) concurrency 1, batch size 1, sampled for ${args.cSeconds} s...`);
      const { result: sampled, serverCpuS: cServerCpuS } = await timed(
        { kind: 'drain', db: c, nowMs: START.toMillis(), zone: ZONE, concurrency: 1, batchSize: 1, stopAfterMs: args.cSeconds * 1000 },
        'c',
      );
      const processed = sampled.processed ?? 0;
      figures.sentinel_way = {
        processed,
        ms: round(sampled.ms, 0),
        per_s: round(rate(processed, sampled.ms), 2),
        peak_rss_mb: round(sampled.maxRssMb),
        cpu_s: round(sampled.cpuUserS + sampled.cpuSystemS),
        server_cpu_s: cServerCpuS,
        view_build_s: round(sampled.warmMs / 1000),
      };
      figures.ratios.b_over_c = round(figures.vigil.per_s / Math.max(1e-9, figures.sentinel_way.per_s), 1);
    }
  } finally {
    await cleanup();
  }
  for (const line of formatFigures(figures)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error)?.message ?? err}\n`);
  process.exit(1);
});
