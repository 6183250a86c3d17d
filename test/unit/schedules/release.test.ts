import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Message, Task } from '../../../lib/types';
import { dueTaskIndexes, needsGeneration, releaseTasks, taskDueMs, type ReleaseEnv } from '../../../schedules/release';

const NOW = Date.parse('2025-03-05T10:00:00.000Z');
const clock = new ManualClock(NOW, 'UTC');
const msg = (text?: string): Message => ({ uuid: 'u1', to: '+1555', ...(text === undefined ? {} : { message: text }) });

const env = (over: Partial<ReleaseEnv> = {}): ReleaseEnv => ({
  clock,
  clearFailing: false,
  generate: (task: Task) => (task.message_key === 'ok' ? msg('hello') : undefined),
  ...over,
});

describe('taskDueMs / dueTaskIndexes', () => {
  it('reads due || timestamp || reported_date, strings as instants', () => {
    const doc: Doc = { _id: 'r', reported_date: NOW - 1000 };
    expect(taskDueMs({ due: '2025-03-05T13:00:00+03:00' }, doc)).toBe(NOW);
    expect(taskDueMs({ due: '2025-03-05T10:00:00Z' }, doc)).toBe(NOW);
    expect(taskDueMs({ due: null, timestamp: NOW - 5 }, doc)).toBe(NOW - 5);
    expect(taskDueMs({ due: null }, doc)).toBe(NOW - 1000);
    expect(taskDueMs({ due: 'someday' }, doc)).toBeNaN();
  });

  it('selects scheduled tasks due at or before now, however late, with non-canonical ISO dues', () => {
    const doc: Doc = {
      _id: 'r',
      scheduled_tasks: [
        { state: 'scheduled', due: '2024-01-01T00:00:00.000Z' }, // 14 months late: still due (no 7-day limit)
        { state: 'scheduled', due: '2025-03-05T12:59:00+03:00' }, // non-canonical, 1 minute ago
        { state: 'scheduled', due: '2025-03-05T10:00:00Z' }, // exactly now, no milliseconds
        { state: 'scheduled', due: '2025-03-05T10:00:01.000Z' }, // future
        { state: 'pending', due: '2025-03-01T00:00:00.000Z' },
        { state: 'scheduled', due: 'garbage' },
        null,
      ],
    };
    expect(dueTaskIndexes(doc, NOW)).toEqual([0, 1, 2]);
    expect(dueTaskIndexes({ _id: 'x' }, NOW)).toEqual([]);
  });

  it('leaves out tasks the messages_by_state view does not list (messages without to or text)', () => {
    const due = '2025-03-01T00:00:00.000Z';
    const doc: Doc = {
      _id: 'r',
      scheduled_tasks: [
        { state: 'scheduled', due, messages: [{ uuid: 'a', message: 'no recipient' }] },
        { state: 'scheduled', due, messages: [{ uuid: 'b', to: '+1555' }] },
        { state: 'scheduled', due, messages: [] },
        { state: 'scheduled', due, messages: [{ uuid: 'c', to: '+1555', message: 'ok' }] },
        { state: 'scheduled', due },
      ],
    };
    expect(dueTaskIndexes(doc, NOW)).toEqual([3, 4]);
  });
});

describe('releaseTasks', () => {
  const doc = (): Doc => ({
    _id: 'r',
    scheduled_tasks: [
      { state: 'scheduled', due: '2025-03-01T00:00:00.000Z', message_key: 'ok', state_history: [] },
      { state: 'scheduled', due: '2025-03-01T00:00:00.000Z', message_key: 'missing', state_history: [] },
      { state: 'scheduled', due: '2025-03-01T00:00:00.000Z', messages: [msg('already there')], state_history: [] },
      { state: 'scheduled', due: '2025-03-01T00:00:00.000Z', messages: [msg('   ')], state_history: [] },
    ],
  });

  it('generates missing messages; text → pending, none → left scheduled without messages', () => {
    const d = doc();
    expect(needsGeneration(d, [0, 1, 2, 3])).toBe(true);
    expect(needsGeneration(d, [2, 3])).toBe(false);
    const counts = releaseTasks(d, [0, 1, 2, 3], env());
    expect(counts).toEqual({ released: 2, cleared: 0, expired: 0, left: 2 });
    expect(d.scheduled_tasks.map((t: Task) => t.state)).toEqual(['pending', 'scheduled', 'pending', 'scheduled']);
    expect(d.scheduled_tasks[0].messages).toEqual([msg('hello')]);
    expect(d.scheduled_tasks[0].state_history).toEqual([{ state: 'pending', timestamp: '2025-03-05T10:00:00.000Z' }]);
    expect(d.scheduled_tasks[1]).not.toHaveProperty('messages');
    expect(d.scheduled_tasks[1].state_history).toEqual([]);
  });

  it('with clear_failing_schedules, unrenderable tasks go to "clear" (CHT spelling)', () => {
    const d = doc();
    const counts = releaseTasks(d, [0, 1, 2, 3], env({ clearFailing: true }));
    expect(counts).toEqual({ released: 2, cleared: 2, expired: 0, left: 0 });
    expect(d.scheduled_tasks.map((t: Task) => t.state)).toEqual(['pending', 'clear', 'pending', 'clear']);
  });

  it('expires tasks due before the configured limit instead of sending them', () => {
    const d = doc();
    d.scheduled_tasks[0].due = '2025-01-01T00:00:00.000Z';
    let generated = 0;
    const counts = releaseTasks(d, [0, 2], env({ expireBeforeMs: Date.parse('2025-02-03T10:00:00.000Z'), expireAfter: '30 days', generate: () => (generated++, msg('x')) }));
    expect(counts).toEqual({ released: 1, cleared: 0, expired: 1, left: 0 });
    expect(generated).toBe(0);
    expect(d.scheduled_tasks[0]).toMatchObject({ state: 'cleared', state_details: { reason: 'expired', expire_after: '30 days' } });
    expect(d.scheduled_tasks[0]).not.toHaveProperty('messages');
    expect(d.scheduled_tasks[0].state_history).toEqual([{ state: 'cleared', state_details: { reason: 'expired', expire_after: '30 days' }, timestamp: '2025-03-05T10:00:00.000Z' }]);
  });
});
