import { clearTasks, silenceRegistrations, silenceUntil, SILENCE_OP, tasksToClear, type SilenceArgs } from '../../../lib/registrations/silence';
import { getUpdateOp } from '../../../lib/runner/update-ops';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc } from '../../../lib/types';

const DAY = 86_400_000;
const T = Date.parse('2025-03-05T10:00:00.000Z');
const clock = new ManualClock(T, 'UTC');
const env = { clock, settings: {} };
const iso = (ms: number) => new Date(ms).toISOString();

function registration(): Doc {
  return {
    _id: 'reg',
    type: 'data_record',
    scheduled_tasks: [
      { id: 0, group: 'a', type: 't1', state: 'sent', due: T - 2 * DAY },
      { id: 1, group: 'a', type: 't1', state: 'scheduled', due: iso(T + 10 * DAY) }, // later message of a started group
      { id: 2, group: 'b', type: 't1', state: 'scheduled', due: T + 5 * DAY }, // group b not started by T+1d
      { id: 3, group: 'b', type: 't2', state: 'pending', due: iso(T) }, // started: (b, t2)
      { id: 4, group: 'a', type: 't3', state: 'pending', due: T - DAY }, // type not silenced
      { id: 5, type: 't2', state: 'muted', due: T + 3 * DAY }, // no group: (undefined, t2), not started
      { id: 6, type: 't2', state: 'failed', due: T - 3 * DAY }, // ...unless this one counts: it does (any state)
    ],
  };
}
const report: Doc = { _id: 'visit', type: 'data_record', reported_date: T };
const ids = (tasks: any[]) => tasks.map((t) => t.id);

describe('tasksToClear', () => {
  it('without silence_for clears every pending/scheduled/muted task of the silenced types', () => {
    const args: SilenceArgs = { reportId: 'visit', types: ['t1', 't2'], zone: 'UTC' };
    expect(ids(tasksToClear(registration(), args))).toEqual([1, 2, 3, 5]);
  });

  it('with silence_for clears whole (group, type) pairs that started by reported_date + silence_for', () => {
    const args: SilenceArgs = { reportId: 'visit', types: ['t1', 't2'], zone: 'UTC', until: silenceUntil(T, '1 days', 'UTC') };
    // (a,t1) started by the sent task -> 1 cleared though due in 10 days; (b,t1) not started;
    // (b,t2) started; (undefined,t2) started by the failed task -> 5 cleared
    expect(ids(tasksToClear(registration(), args))).toEqual([1, 3, 5]);
  });

  it('an unreadable report date starts nothing; an unreadable silence_for adds nothing', () => {
    expect(tasksToClear(registration(), { reportId: 'v', types: ['t1', 't2'], zone: 'UTC', until: null })).toEqual([]);
    expect(silenceUntil(T, 'soon', 'UTC')).toBe(T);
    expect(silenceUntil('2025-03-05T10:00:00.000Z', '2 weeks', 'UTC')).toBe(T + 14 * DAY);
    expect(silenceUntil(undefined, '2 weeks', 'UTC')).toBeNull();
  });
});

describe('silenceRegistrations', () => {
  it('returns update effects and silenced copies, never touching its input', () => {
    const reg = registration();
    const before = structuredClone(reg);
    const { effects, silenced } = silenceRegistrations([reg], report, ' t1 , t2', '1 days', env);
    expect(reg).toEqual(before);
    expect(effects).toEqual([
      { kind: 'update', id: 'reg', op: SILENCE_OP, args: { reportId: 'visit', types: ['t1', 't2'], zone: 'UTC', until: T + DAY } },
    ]);
    expect(silenced).toHaveLength(1);
    const tasks = silenced[0].scheduled_tasks;
    expect(tasks.filter((t: any) => t.state === 'cleared').map((t: any) => t.id)).toEqual([1, 3, 5]);
    expect(tasks[1]).toMatchObject({ state: 'cleared', cleared_by: 'visit', state_history: [{ state: 'cleared', timestamp: iso(T) }] });
    expect(tasks[0]).toEqual(before.scheduled_tasks[0]);
  });

  it('skips the report itself, duplicates, registrations with nothing to clear, and an empty silence_type', () => {
    const reg = registration();
    const self = { ...registration(), _id: 'visit' };
    const idle: Doc = { _id: 'idle', scheduled_tasks: [{ type: 't1', state: 'sent', due: T }] };
    const { effects } = silenceRegistrations([self, reg, reg, idle], report, 't1', undefined, env);
    expect(effects.map((e) => (e as any).id)).toEqual(['reg']);
    expect(silenceRegistrations([reg], report, '', '', env)).toEqual({ effects: [], silenced: [] });
    expect(silenceRegistrations([reg], report, undefined, undefined, env)).toEqual({ effects: [], silenced: [] });
  });
});

describe(`update op ${SILENCE_OP}`, () => {
  const op = getUpdateOp(SILENCE_OP);
  const now = iso(T + DAY);

  it('is idempotent: a second application changes nothing', () => {
    const args: SilenceArgs = { reportId: 'visit', types: ['t1'], zone: 'UTC' };
    const once = op(registration(), args, now)!;
    expect(once.scheduled_tasks.filter((t: any) => t.state === 'cleared')).toHaveLength(2);
    expect(op(structuredClone(once), args, now)).toBeNull();
  });

  it('selects again on the fresh doc: a task sent meanwhile stays sent, one added meanwhile is cleared', () => {
    const fresh = registration();
    fresh.scheduled_tasks[3].state = 'sent';
    fresh.scheduled_tasks.push({ id: 7, group: 'b', type: 't2', state: 'scheduled', due: T + 20 * DAY });
    const next = op(fresh, { reportId: 'visit', types: ['t2'], zone: 'UTC', until: T + DAY }, now)!;
    expect(next.scheduled_tasks[3].state).toBe('sent');
    expect(next.scheduled_tasks[7]).toMatchObject({ state: 'cleared', cleared_by: 'visit' });
  });

  it('composes: two follow-ups clearing different groups of one registration both survive', () => {
    const first = op(registration(), { reportId: 'v1', types: ['t1'], zone: 'UTC' }, now)!;
    const second = op(first, { reportId: 'v2', types: ['t2'], zone: 'UTC' }, now)!;
    const by = second.scheduled_tasks.map((t: any) => t.cleared_by);
    expect(by).toEqual([undefined, 'v1', 'v1', 'v2', undefined, 'v2', undefined]);
  });

  it('clearTasks stamps state_history with the given clock', () => {
    const reg = registration();
    expect(clearTasks(reg, { reportId: 'x', types: ['t3'], zone: 'UTC' }, new ManualClock(T + 5, 'UTC'))).toBe(1);
    expect(reg.scheduled_tasks[4].state_history).toEqual([{ state: 'cleared', timestamp: iso(T + 5) }]);
  });
});
