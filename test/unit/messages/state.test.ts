import { setScheduledTasksStates, setTaskState, TASK_STATES } from '../../../lib/messages/state';
import { ManualClock } from '../../../lib/time/clock';
import type { Task } from '../../../lib/types';

const clock = new ManualClock(Date.UTC(2024, 4, 1, 10), 'UTC');

describe('setTaskState (6.2)', () => {
  it('sets the state and appends a history entry stamped with the clock', () => {
    const task: Task = {};
    expect(setTaskState(task, 'pending', clock)).toBe(true);
    expect(task).toEqual({ state: 'pending', state_history: [{ state: 'pending', timestamp: '2024-05-01T10:00:00.000Z' }] });
    expect(JSON.parse(JSON.stringify(task))).not.toHaveProperty('state_details');
  });

  it('is a no-op when state and last history entry already match and no new details/ref are given', () => {
    const task: Task = {};
    setTaskState(task, 'sent', clock, { a: 1 }, 'ref1');
    expect(setTaskState(task, 'sent', clock)).toBe(false);
    expect(setTaskState(task, 'sent', clock, { a: 1 })).toBe(false);
    expect(setTaskState(task, 'sent', clock, { a: 1 }, 'ref1')).toBe(false);
    expect(task.state_history).toHaveLength(1);
    expect(task.state_details).toEqual({ a: 1 });
  });

  it('records a change of details or gateway ref', () => {
    const task: Task = {};
    setTaskState(task, 'failed', clock, { reason: 'x' });
    expect(setTaskState(task, 'failed', clock, { reason: 'y' })).toBe(true);
    expect(setTaskState(task, 'failed', clock, undefined, 'ref')).toBe(true);
    expect(task.state_history!.map((h) => h.state_details)).toEqual([{ reason: 'x' }, { reason: 'y' }, undefined]);
    // details not given → cleared
    expect(task.state_details).toBeUndefined();
    expect(task.gateway_ref).toBe('ref');
  });

  it('is not a no-op when the last history entry has another state', () => {
    const task: Task = { state: 'pending', state_history: [{ state: 'scheduled', timestamp: 'x' }] };
    expect(setTaskState(task, 'pending', clock)).toBe(true);
    const bare: Task = { state: 'pending' };
    expect(setTaskState(bare, 'pending', clock)).toBe(true);
  });

  it('updates matching scheduled tasks', () => {
    const doc = { scheduled_tasks: [{ state: 'scheduled', group: 1 }, { state: 'scheduled', group: 2 }] as Task[] };
    expect(setScheduledTasksStates(doc, 'cleared', clock, (t) => t.group === 2)).toBe(1);
    expect(doc.scheduled_tasks.map((t) => t.state)).toEqual(['scheduled', 'cleared']);
  });

  it('knows both spellings of the cancelled states', () => {
    expect(TASK_STATES).toEqual(expect.arrayContaining(['cleared', 'clear', 'duplicate', 'denied', 'muted']));
  });
});
