import { ManualClock } from '../../../lib/time/clock';
import type { Job, JobContext } from '../../../schedules/job';
import { LeaseBusyError } from '../../../schedules/lease';
import { Scheduler, type JobOutcome, type Timers } from '../../../schedules/scheduler';

/** Timers moved by hand: `advance(ms)` fires whatever falls due, in order. */
class ManualTimers implements Timers {
  private now = 0;
  private seq = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get armed(): number {
    return this.pending.size;
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const next = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.pending.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
      await flush();
    }
    this.now = end;
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(settings: Record<string, unknown> = {}, run?: (ctx: JobContext) => Promise<void>) {
  const timers = new ManualTimers();
  const outcomes: JobOutcome[] = [];
  const runs: JobContext[] = [];
  const job: Job = {
    name: 'due_tasks',
    everyMs: 60_000,
    run: async (ctx) => {
      runs.push(ctx);
      if (run) await run(ctx);
    },
  };
  const context = () => ({ config: { settings } }) as unknown as JobContext;
  const scheduler = new Scheduler({ jobs: { due_tasks: job }, context, timers, clock: new ManualClock(0), onOutcome: (o) => outcomes.push(o) });
  return { timers, outcomes, runs, scheduler };
}

describe('Scheduler', () => {
  it('runs every job at start and then every interval, as a scheduled (lease-yielding) run', async () => {
    const { timers, runs, outcomes, scheduler } = setup();
    scheduler.start();
    await timers.advance(0);
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger).toBe('schedule');
    expect(runs[0].signal?.aborted).toBe(false);
    await timers.advance(59_999);
    expect(runs).toHaveLength(1);
    await timers.advance(1);
    expect(runs).toHaveLength(2);
    await timers.advance(120_000);
    expect(runs).toHaveLength(4);
    expect(outcomes.map((o) => o.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    await scheduler.stop();
  });

  it('takes the interval from vigil.jobs.<name>.every', async () => {
    const { timers, runs, scheduler } = setup({ vigil: { jobs: { due_tasks: { every: '5 minutes' } } } });
    scheduler.start();
    await timers.advance(0);
    await timers.advance(4 * 60_000);
    expect(runs).toHaveLength(1);
    await timers.advance(60_000);
    expect(runs).toHaveLength(2);
    await scheduler.stop();
  });

  it('skips a tick while the previous run of the job is still going', async () => {
    const gate = deferred();
    const { timers, runs, outcomes, scheduler } = setup({}, () => gate.promise);
    scheduler.start();
    await timers.advance(0);
    await timers.advance(60_000);
    await timers.advance(60_000);
    expect(runs).toHaveLength(1);
    expect(outcomes.map((o) => o.outcome)).toEqual(['skipped', 'skipped']);
    expect(scheduler.busyJobs()).toEqual(['due_tasks']);
    gate.resolve();
    await flush();
    await timers.advance(60_000);
    expect(runs).toHaveLength(2);
    expect(outcomes.map((o) => o.outcome)).toEqual(['skipped', 'skipped', 'ok', 'ok']);
    await scheduler.stop();
  });

  it('never lets a failure escape: errors and busy leases are reported, the schedule goes on', async () => {
    let n = 0;
    const { timers, outcomes, scheduler } = setup({}, async () => {
      n++;
      if (n === 1) throw new Error('boom');
      if (n === 2) throw new LeaseBusyError('due_tasks', 'other/1/x');
    });
    scheduler.start();
    await timers.advance(0);
    await timers.advance(60_000);
    await timers.advance(60_000);
    expect(outcomes.map((o) => [o.outcome, o.error])).toEqual([
      ['error', 'boom'],
      ['busy', undefined],
      ['ok', undefined],
    ]);
    await scheduler.stop();
  });

  it('does not run a disabled job', async () => {
    const { timers, runs, outcomes, scheduler } = setup({ vigil: { jobs: { due_tasks: { disable: true } } } });
    scheduler.start();
    await timers.advance(0);
    expect(runs).toHaveLength(0);
    expect(outcomes.map((o) => o.outcome)).toEqual(['disabled']);
    await scheduler.stop();
  });

  it('stop() cancels the timers, aborts the run signal and waits for the run in flight', async () => {
    const gate = deferred();
    const { timers, runs, scheduler } = setup({}, () => gate.promise);
    scheduler.start();
    await timers.advance(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await flush();
    expect(runs[0].signal?.aborted).toBe(true);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(stopped).toBe(true);
    expect(timers.armed).toBe(0);
    await timers.advance(600_000);
    expect(runs).toHaveLength(1);
  });
});
