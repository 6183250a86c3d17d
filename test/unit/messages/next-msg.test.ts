import { nextMessage } from '../../../lib/messages/next-msg';
import { ManualClock } from '../../../lib/time/clock';

describe('nextMessage (next_msg)', () => {
  const clock = new ManualClock(Date.UTC(2024, 0, 1, 12), 'UTC');

  it('measures from the first scheduled task (not the earliest), truncating each unit', () => {
    const doc = {
      _id: 'r',
      scheduled_tasks: [{ due: '2024-03-05T18:00:00.000Z' }, { due: '2024-01-02T00:00:00.000Z' }],
    };
    expect(nextMessage(doc, clock)).toEqual({ minutes: 92520, hours: 1542, days: 64, weeks: 9, months: 2, years: 0 });
  });

  it('is all zeros without scheduled tasks', () => {
    expect(nextMessage({ _id: 'r' }, clock)).toEqual({ minutes: 0, hours: 0, days: 0, weeks: 0, months: 0, years: 0 });
  });

  it('truncates toward zero for past dues', () => {
    const doc = { _id: 'r', scheduled_tasks: [{ due: Date.UTC(2023, 11, 30, 11) }] };
    expect(nextMessage(doc, clock)).toMatchObject({ days: -2, hours: -49, weeks: 0 });
  });
});
