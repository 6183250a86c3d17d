import { getUpdateOp } from '../../../lib/runner/update-ops';
import { OPS } from '../../../lib/muting/ops';
import { EARLIER, NOW } from './fixtures';

const apply = (op: string, doc: any, args?: unknown, now = NOW) => getUpdateOp(op)(structuredClone(doc), args, now);

describe('muting update ops (idempotent, applied to the fresh doc)', () => {
  it('set_contact keeps edits made meanwhile and does nothing the second time', () => {
    const fresh = { _id: 'p', _rev: '2-x', name: 'renamed meanwhile' };
    const once = apply(OPS.contact, fresh, { muted: NOW, date: NOW });
    expect(once).toEqual({ _id: 'p', _rev: '2-x', name: 'renamed meanwhile', muted: NOW });
    expect(apply(OPS.contact, once, { muted: NOW, date: NOW })).toBeNull();
    const unmuted = apply(OPS.contact, once, { muted: false, date: NOW });
    expect(unmuted).toEqual({ _id: 'p', _rev: '2-x', name: 'renamed meanwhile' });
  });

  it('set_contact keeps the timestamp of a contact muted since planning', () => {
    expect(apply(OPS.contact, { _id: 'p', muted: EARLIER }, { muted: NOW, date: NOW })).toBeNull();
  });

  it('mute_tasks / unmute_tasks', () => {
    const reg = { _id: 'r', scheduled_tasks: [{ state: 'scheduled', due: NOW }, { state: 'sent' }] };
    const muted = apply(OPS.muteTasks, reg, undefined) as any;
    expect(muted.scheduled_tasks.map((t: any) => t.state)).toEqual(['muted', 'sent']);
    expect(muted.scheduled_tasks[0].state_history).toEqual([{ state: 'muted', timestamp: NOW }]);
    expect(apply(OPS.muteTasks, muted, undefined)).toBeNull();
    const back = apply(OPS.unmuteTasks, muted, { notBefore: Date.parse(NOW) }) as any;
    expect(back.scheduled_tasks[0].state).toBe('scheduled');
    expect(apply(OPS.unmuteTasks, muted, { notBefore: Date.parse(NOW) + 1 })).toBeNull();
  });

  it('append_history creates a missing infodoc and de-duplicates', () => {
    const entry = { muted: true, date: NOW, report_id: 'r1' };
    const created = apply(OPS.history, { _id: 'p-info' }, entry, '2025-03-06T00:00:00.000Z');
    expect(created).toEqual({
      _id: 'p-info',
      type: 'info',
      doc_id: 'p',
      initial_replication_date: '2025-03-06T00:00:00.000Z',
      latest_replication_date: '2025-03-06T00:00:00.000Z',
      muting_history: [entry],
    });
    expect(apply(OPS.history, created, entry)).toBeNull();
    const existing = { _id: 'p-info', _rev: '1-a', type: 'info', doc_id: 'p', initial_replication_date: 'unknown', transitions: {} };
    expect(apply(OPS.history, existing, entry)).toEqual({ ...existing, muting_history: [entry] });
  });

  it('report_output adds tasks and errors once', () => {
    const task = { messages: [{ uuid: 'u', to: '+1', message: 'muted' }], state: 'pending' };
    const args = { tasks: [task], errors: [{ code: 'invalid_report', message: 'x' }] };
    const once = apply(OPS.reportOutput, { _id: 'r', tasks: [] }, args);
    expect(once).toEqual({ _id: 'r', tasks: [task], errors: args.errors });
    expect(apply(OPS.reportOutput, once, { ...args, tasks: [{ ...task, messages: [{ ...task.messages[0], uuid: 'v' }] }] })).toBeNull();
  });

  it('record_run records muting once', () => {
    const once = apply(OPS.runRecord, { _id: 'r-info' }, { rev: '1-a', runDate: NOW }) as any;
    expect(once.transitions).toEqual({ muting: { last_rev: '1-a', seq: null, ok: true, run_date: NOW } });
    expect(apply(OPS.runRecord, once, { rev: '2-b', runDate: NOW })).toBeNull();
  });
});
