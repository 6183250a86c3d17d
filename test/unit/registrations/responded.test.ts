import {
  recordResponse,
  respondedArgs,
  respondedTaskIndex,
  respondedToBy,
  RESPONDED_OP,
} from '../../../lib/registrations/responded';
import { getUpdateOp } from '../../../lib/runner/update-ops';
import type { Doc } from '../../../lib/types';

const visit = (id: string, reported: string): Doc => ({ _id: id, type: 'data_record', reported_date: reported });

// APR-13: two sent reminders of group 1, then a scheduled one
function registration(): Doc {
  return {
    _id: 'reg',
    scheduled_tasks: [
      { due: '2018-09-28T19:45:00.000Z', state: 'sent', group: 1, type: 'x' }, // stored out of due order on purpose
      { due: '2018-09-28T18:45:00.000Z', state: 'sent', group: 1, type: 'x' },
      { due: '2018-11-28T21:45:00.000Z', state: 'cleared', group: 1, type: 'x' },
    ],
  };
}

describe('respondedTaskIndex', () => {
  it('picks the latest sent/delivered task due before the report (sorted by due, index in the stored array)', () => {
    expect(respondedTaskIndex(registration(), respondedArgs(visit('a', '2018-09-28T20:45:00.000Z'), '8 days', 'UTC'))).toBe(0);
    expect(respondedTaskIndex(registration(), respondedArgs(visit('a', '2018-09-28T19:00:00.000Z'), '8 days', 'UTC'))).toBe(1);
  });

  it('skips a registration whose first reminder is due after the report', () => {
    expect(respondedTaskIndex(registration(), respondedArgs(visit('a', '2018-09-28T18:00:00.000Z'), '8 days', 'UTC'))).toBeUndefined();
  });

  it('gives up at a cleared task inside the silence window that starts a new group', () => {
    const reg: Doc = {
      _id: 'reg',
      scheduled_tasks: [
        { due: 1_000, state: 'sent', group: 1, type: 'x' },
        { due: 5_000, state: 'cleared', group: 2, type: 'x' },
      ],
    };
    const args = { reportId: 'a', reported: 6_000, zone: 'UTC' };
    expect(respondedTaskIndex(reg, args)).toBeUndefined();
    reg.scheduled_tasks[1].group = 1; // same group: walk on to the sent one
    expect(respondedTaskIndex(reg, args)).toBe(0);
    reg.scheduled_tasks[1].state = 'scheduled'; // not cleared: walk on
    reg.scheduled_tasks[1].group = 2;
    expect(respondedTaskIndex(reg, args)).toBe(0);
  });

  it('ignores tasks in other states', () => {
    const reg: Doc = { _id: 'r', scheduled_tasks: [{ due: 1_000, state: 'failed' }, { due: 2_000, state: 'delivered' }, { due: 3_000, state: 'pending' }] };
    expect(respondedTaskIndex(reg, { reportId: 'a', reported: 4_000, zone: 'UTC' })).toBe(1);
    expect(respondedTaskIndex({ _id: 'none' }, { reportId: 'a', reported: 4_000, zone: 'UTC' })).toBeUndefined();
  });
});

describe('respondedToBy', () => {
  it('targets the first registration (in the given order) with a task to respond to', () => {
    const empty: Doc = { _id: 'empty', scheduled_tasks: [] };
    const other = { ...registration(), _id: 'other' };
    const args = respondedArgs(visit('a', '2018-09-28T20:45:00.000Z'), undefined, 'UTC');
    const found = respondedToBy([empty, registration(), other], args)!;
    expect(found.registration._id).toBe('reg');
    expect(found.effect).toEqual({ kind: 'update', id: 'reg', op: RESPONDED_OP, args });
    expect(respondedToBy([empty], args)).toBeUndefined();
  });
});

describe(`update op ${RESPONDED_OP}`, () => {
  const op = getUpdateOp(RESPONDED_OP);
  it('appends in order and is idempotent', () => {
    const a = respondedArgs(visit('a', '2018-09-28T20:45:00.000Z'), '8 days', 'UTC');
    const b = respondedArgs(visit('b', '2018-09-28T21:45:00.000Z'), '8 days', 'UTC');
    const once = op(registration(), a, '')!;
    const twice = op(structuredClone(once), b, '')!;
    expect(twice.scheduled_tasks[0].responded_to_by).toEqual(['a', 'b']);
    expect(twice.scheduled_tasks[1].responded_to_by).toBeUndefined();
    expect(op(structuredClone(twice), a, '')).toBeNull();
    expect(recordResponse({ _id: 'none' }, a)).toBe(false);
  });
});
