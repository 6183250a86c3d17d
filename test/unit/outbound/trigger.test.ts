/** OutboundTrigger / notifyOutbound: the outbox signal sends new pushes at once, one run at a time. */
import { notifyOutbound } from '../../../lib/outbound/notifier';
import { OutboundTrigger } from '../../../lib/outbound/trigger';

const tick = () => new Promise((r) => setImmediate(r));

describe('OutboundTrigger', () => {
  it('runs with the signalled doc ids, for its own target only', async () => {
    const runs: string[][] = [];
    const trigger = new OutboundTrigger('db-a', async (ids) => void runs.push(ids));
    notifyOutbound('db-b', 'x');
    await trigger.idle();
    expect(runs).toEqual([]);
    notifyOutbound('db-a', 'r1');
    await trigger.idle();
    expect(runs).toEqual([['r1']]);
    trigger.close();
    notifyOutbound('db-a', 'r2');
    await trigger.idle();
    expect(runs).toHaveLength(1);
  });

  it('never overlaps runs, and gathers the ids signalled during a run into one more run', async () => {
    let active = 0;
    let maxActive = 0;
    const runs: string[][] = [];
    let release: () => void = () => undefined;
    const trigger = new OutboundTrigger('db-c', async (ids) => {
      runs.push(ids);
      active++;
      maxActive = Math.max(maxActive, active);
      if (runs.length === 1) await new Promise<void>((r) => (release = r));
      active--;
    });
    notifyOutbound('db-c', 'r1');
    await tick();
    notifyOutbound('db-c', 'r2');
    notifyOutbound('db-c', 'r3');
    notifyOutbound('db-c', 'r2');
    release();
    await trigger.idle();
    expect(runs).toEqual([['r1'], ['r2', 'r3']]);
    expect(maxActive).toBe(1);
    trigger.close();
  });

  it('keeps going after a failed run, and logs it', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const trigger = new OutboundTrigger(
      'db-d',
      async () => {
        calls++;
        throw new Error('boom');
      },
      { error: (...args: unknown[]) => void errors.push(args) } as any,
    );
    notifyOutbound('db-d', 'r1');
    await trigger.idle();
    notifyOutbound('db-d', 'r2');
    await trigger.idle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
    trigger.close();
  });
});
