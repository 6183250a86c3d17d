import { ManualClock } from '../../../lib/time/clock';
import { canUnmute, dueMs, hasMutableTasks, muteTasks, startOfToday, unmuteTasks } from '../../../lib/muting/tasks';
import { NOW } from './fixtures';

const states = (doc: any) => doc.scheduled_tasks.map((t: any) => t.state);

describe('muting scheduled tasks', () => {
  const clock = new ManualClock(Date.parse(NOW), 'UTC');

  it('mutes scheduled and pending tasks only, with a state_history entry', () => {
    const doc: any = { _id: 'r', scheduled_tasks: [{ state: 'pending' }, { state: 'scheduled' }, { state: 'sent' }, { state: 'something_else' }] };
    expect(muteTasks(doc, clock)).toBe(2);
    expect(states(doc)).toEqual(['muted', 'muted', 'sent', 'something_else']);
    expect(doc.scheduled_tasks[0].state_history).toEqual([{ state: 'muted', timestamp: NOW }]);
    expect(muteTasks(doc, clock)).toBe(0);
  });

  it('unmutes muted tasks due at or after the start of today; earlier ones stay muted', () => {
    const today = startOfToday(clock);
    const doc: any = {
      _id: 'r',
      scheduled_tasks: [
        { state: 'muted', due: today },
        { state: 'muted', due: today - 1 },
        { state: 'muted', due: new Date(today + 86400000).toISOString() },
        { state: 'muted', due: 'not a date' },
        { state: 'cleared', due: today + 1 },
      ],
    };
    expect(unmuteTasks(doc, clock, today)).toBe(2);
    expect(states(doc)).toEqual(['scheduled', 'muted', 'scheduled', 'muted', 'cleared']);
  });

  it('a doc without scheduled tasks is left as it is', () => {
    const doc: any = { _id: 'r' };
    expect(muteTasks(doc, clock)).toBe(0);
    expect(doc).toEqual({ _id: 'r' });
  });

  it('"today" starts in the engine zone', () => {
    const nairobi = new ManualClock(Date.parse('2025-03-05T22:30:00.000Z'), 'Africa/Nairobi'); // 01:30 on the 6th there
    expect(new Date(startOfToday(nairobi)).toISOString()).toBe('2025-03-05T21:00:00.000Z');
    expect(canUnmute({ state: 'muted', due: '2025-03-05T21:30:00.000Z' }, startOfToday(nairobi))).toBe(true);
    expect(canUnmute({ state: 'muted', due: '2025-03-05T20:30:00.000Z' }, startOfToday(nairobi))).toBe(false);
  });

  it('reads due dates as ms or strings', () => {
    expect(dueMs(5)).toBe(5);
    expect(dueMs(NOW)).toBe(Date.parse(NOW));
    expect(dueMs(undefined)).toBeNaN();
  });

  it('hasMutableTasks', () => {
    expect(hasMutableTasks({ _id: 'r', scheduled_tasks: [{ state: 'sent' }] })).toBe(false);
    expect(hasMutableTasks({ _id: 'r', scheduled_tasks: [{ state: 'muted' }] })).toBe(true);
    expect(hasMutableTasks({ _id: 'r' })).toBe(false);
  });
});
