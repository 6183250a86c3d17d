/** update_scheduled_reports on plain objects: leaf places, periods, and the newest report surviving. */
import { compareAge, DELETE_OP, leafParentId, periodOf, updateScheduledReports, type DeleteArgs } from '../../../transitions/update-scheduled-reports';
import { getUpdateOp } from '../../../lib/runner/update-ops';
import { CONTACT_TYPES, HOUR, T, makeContext, report } from './fixtures';
import type { Doc } from '../../../lib/types';

const monthly = (id: string, hoursAgo: number, extra: Partial<Doc> = {}) =>
  report(id, { form: 'M', reported_date: T - hoursAgo * HOUR, fields: { year: 2025, month: 2 }, ...extra });

async function run(doc: Doc, docs: Doc[] = []) {
  const { ctx } = await makeContext(doc, { settings: { transitions: { update_scheduled_reports: true } }, docs });
  const filtered = updateScheduledReports.filter(ctx);
  return { ctx, filtered, out: filtered ? await updateScheduledReports.onMatch(ctx) : undefined };
}

describe('periodOf / leafParentId / compareAge', () => {
  it('reads the week first, then the month', () => {
    expect(periodOf({ _id: 'a', fields: { week: 3, month: 1 } })).toEqual({ kind: 'week', value: 3 });
    expect(periodOf({ _id: 'a', fields: { week_number: 4 } })).toEqual({ kind: 'week', value: 4 });
    expect(periodOf({ _id: 'a', fields: { month_num: 5 } })).toEqual({ kind: 'month', value: 5 });
    expect(periodOf({ _id: 'a', fields: { year: 2025 } })).toBeUndefined();
    expect(periodOf({ _id: 'a' })).toBeUndefined();
  });

  it('accepts only a parent of a leaf place type', () => {
    const settings = { contact_types: CONTACT_TYPES };
    expect(leafParentId(settings, { _id: 'r', contact: { parent: { _id: 'c', type: 'clinic' } } })).toBe('c');
    expect(leafParentId(settings, { _id: 'r', contact: { parent: { _id: 'h', type: 'health_center' } } })).toBeUndefined();
    expect(leafParentId(settings, { _id: 'r', contact: { parent: { _id: 'c' } } })).toBeUndefined();
    expect(leafParentId({}, { _id: 'r', contact: { parent: { _id: 'c', type: 'clinic' } } })).toBeUndefined();
  });

  it('orders by reported_date, then id; no date is oldest', () => {
    expect(compareAge({ id: 'b', reported_date: 1 }, { id: 'a', reported_date: 2 })).toBeLessThan(0);
    expect(compareAge({ id: 'b', reported_date: 2 }, { id: 'a', reported_date: 2 })).toBeGreaterThan(0);
    expect(compareAge({ id: 'z', reported_date: undefined }, { id: 'a', reported_date: 0 })).toBeLessThan(0);
  });
});

describe('update_scheduled_reports', () => {
  it('needs a form, no errors, a year and a period', async () => {
    expect((await run(monthly('r', 0))).filtered).toBe(true);
    expect((await run(monthly('r', 0, { errors: [{ code: 'x' }] }))).filtered).toBe(false);
    expect((await run(monthly('r', 0, { errors: [] }))).filtered).toBe(true);
    expect((await run(monthly('r', 0, { fields: { month: 2 } }))).filtered).toBe(false);
    expect((await run(monthly('r', 0, { fields: { year: 2025 } }))).filtered).toBe(false);
  });

  it('does nothing for a sender outside a leaf place, or when the period has no stored report', async () => {
    expect((await run(monthly('r', 0, { contact: { _id: 'sup', parent: { _id: 'hc' } } }), [monthly('r', 0)])).out).toEqual({ changed: false });
    expect((await run(monthly('r', 0))).out).toEqual({ changed: false }); // not stored yet: not in the view
  });

  it('is recorded when it is the only report of its period', async () => {
    const doc = monthly('r', 0);
    const { out, ctx } = await run(doc, [doc, monthly('other-month', 1, { fields: { year: 2025, month: 3 } }), monthly('other-form', 1, { form: 'N' })]);
    expect(out).toEqual({ changed: true, effects: [] });
    expect(ctx.doc._deleted).toBeUndefined();
  });

  it('keeps the newest: as the newest, it deletes the older ones through effects', async () => {
    const doc = monthly('new', 0);
    const { out, ctx } = await run(doc, [doc, monthly('old1', 5), monthly('old2', 2)]);
    const keep = { id: 'new', reported_date: T };
    const args: DeleteArgs = { form: 'M', year: 2025, period: { kind: 'month', value: 2 }, parentId: 'clinic', keep };
    expect(out).toEqual({
      changed: true,
      effects: [
        { kind: 'update', id: 'old1', op: DELETE_OP, args },
        { kind: 'update', id: 'old2', op: DELETE_OP, args },
      ],
    });
    expect(ctx.doc._deleted).toBeUndefined();
  });

  it('keeps the newest: when older than another report, it deletes itself (and any other older one)', async () => {
    const doc = monthly('late', 3, { fields: { year: 2025, month_num: 2 } });
    const { out, ctx } = await run(doc, [doc, monthly('newest', 1), monthly('oldest', 6)]);
    expect(ctx.doc._deleted).toBe(true);
    expect(out?.changed).toBe(true);
    expect(out?.effects?.map((e: any) => [e.id, e.args.keep.id])).toEqual([['oldest', 'newest']]);
  });

  it('breaks a reported_date tie by id', async () => {
    const doc = monthly('a', 1);
    const { ctx } = await run(doc, [doc, monthly('b', 1)]);
    expect(ctx.doc._deleted).toBe(true);
  });
});

describe('the delete op', () => {
  const op = getUpdateOp(DELETE_OP);
  const args: DeleteArgs = { form: 'M', year: 2025, period: { kind: 'month', value: 2 }, parentId: 'clinic', keep: { id: 'new', reported_date: T } };
  const NOW_ISO = new Date(T).toISOString();

  it('deletes an older report of the same form, period and place', () => {
    expect(op(monthly('old', 2), args, NOW_ISO)).toMatchObject({ _id: 'old', _deleted: true });
  });

  it('leaves alone a report that changed meanwhile, the survivor, a newer report or a deleted one', () => {
    expect(op(monthly('old', 2, { fields: { year: 2025, month: 3 } }), args, NOW_ISO)).toBeNull();
    expect(op(monthly('old', 2, { form: 'X' }), args, NOW_ISO)).toBeNull();
    expect(op(monthly('old', 2, { contact: { _id: 'x', parent: { _id: 'clinic2' } } }), args, NOW_ISO)).toBeNull();
    expect(op(monthly('new', 0), args, NOW_ISO)).toBeNull();
    expect(op(monthly('newer', -1), args, NOW_ISO)).toBeNull();
    expect(op({ ...monthly('old', 2), _deleted: true }, args, NOW_ISO)).toBeNull();
  });

  it('matches week reports by week or week_number', () => {
    const weekArgs: DeleteArgs = { ...args, period: { kind: 'week', value: 9 } };
    expect(op(monthly('old', 2, { fields: { year: 2025, week_number: 9 } }), weekArgs, NOW_ISO)).toMatchObject({ _deleted: true });
    expect(op(monthly('old', 2, { fields: { year: 2025, week: 8 } }), weekArgs, NOW_ISO)).toBeNull();
  });
});
