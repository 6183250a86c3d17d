/** withQueued / withOutcomes: the outbox task doc as pure updates. */
import { withOutcomes, withQueued, type OutboxTask } from '../../../lib/outbound/outbox';

const task = (queue: string[], extra: Partial<OutboxTask> = {}): OutboxTask => ({
  _id: 'task:outbound:r1',
  _rev: '1-a',
  type: 'task:outbound',
  created: 1,
  doc_id: 'r1',
  queue,
  ...extra,
});

describe('withQueued', () => {
  it("creates CHT's task shape", () => {
    expect(withQueued(undefined, 'r1', 'dhis', 1000)).toEqual({ _id: 'task:outbound:r1', type: 'task:outbound', created: 1000, doc_id: 'r1', queue: ['dhis'] });
  });

  it('adds a new key to an existing task (CHT drops it)', () => {
    expect(withQueued(task(['a']), 'r1', 'b', 5)?.queue).toEqual(['a', 'b']);
  });

  it('leaves a queued key and its retry state alone', () => {
    expect(withQueued(task(['a'], { next_attempt: { a: 99 } }), 'r1', 'a', 5)).toBeNull();
  });
});

describe('withOutcomes', () => {
  it('removes finished keys by name, not the first element', () => {
    const next = withOutcomes(task(['broken', 'working']), [{ name: 'working', result: 'done' }]);
    expect(next.queue).toEqual(['broken']);
  });

  it('records retry state for failed keys and clears it once they finish', () => {
    const failed = withOutcomes(task(['a', 'b']), [{ name: 'a', result: 'retry', attempts: 2, nextAttemptMs: 50, error: 'boom' }]);
    expect(failed).toMatchObject({ queue: ['a', 'b'], attempts: { a: 2 }, next_attempt: { a: 50 }, last_error: { a: 'boom' } });
    const done = withOutcomes(failed, [{ name: 'a', result: 'done' }]);
    expect(done.queue).toEqual(['b']);
    expect(done).not.toHaveProperty('attempts');
    expect(done).not.toHaveProperty('next_attempt');
    expect(done).not.toHaveProperty('last_error');
  });

  it('keeps keys queued meanwhile and ignores retry state for keys no longer queued', () => {
    const fresh = task(['a', 'c']);
    const next = withOutcomes(fresh, [
      { name: 'a', result: 'done' },
      { name: 'gone', result: 'retry', attempts: 1, nextAttemptMs: 1, error: 'x' },
    ]);
    expect(next.queue).toEqual(['c']);
    expect(next.attempts).toBeUndefined();
  });
});
