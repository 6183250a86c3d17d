/** multi_report_alerts on plain objects (in-memory lookups): counting, thresholds, tasks, failures. */
import { multiReportAlerts } from '../../../transitions/multi-report-alerts';
import { DAY, HOUR, T, makeContext, report } from './fixtures';
import type { Doc } from '../../../lib/types';

const alert = (extra: object = {}) => ({
  name: 'cholera',
  is_report_counted: 'function(report, latestReport) { return report.fields.symptom === "diarrhea"; }',
  num_reports_threshold: 3,
  time_window_in_days: 7,
  forms: ['C'],
  message: '{{num_counted_reports}} cases of {{alert_name}} ({{num_reports_threshold}} in {{time_window_in_days}} days), latest from {{new_reports.0.contact.name}}',
  recipients: ['+254711111111', 'new_report.contact.parent.contact.phone', 'new_report.from'],
  ...extra,
});
const settings = (...alerts: object[]) => ({ transitions: { multi_report_alerts: true }, multi_report_alerts: alerts.length ? alerts : [alert()] });
const sick = (id: string, hoursAgo: number, extra: Partial<Doc> = {}) => report(id, { reported_date: T - hoursAgo * HOUR, fields: { symptom: 'diarrhea' }, ...extra });

async function run(doc: Doc, docs: Doc[], s: object = settings()) {
  const { ctx } = await makeContext(doc, { settings: s, docs });
  const filtered = multiReportAlerts.filter(ctx);
  const out = filtered ? await multiReportAlerts.onMatch(ctx) : undefined;
  return { ctx, filtered, out, doc: ctx.doc };
}

describe('multi_report_alerts', () => {
  it('filters on valid submissions without a record', async () => {
    expect((await run(sick('new', 0), [])).filtered).toBe(true);
    expect((await run(sick('new', 0, { form: 'UNKNOWN' }), [])).filtered).toBe(false); // not in settings.forms
    const { ctx } = await makeContext(sick('new', 0), { settings: settings(), info: { transitions: { multi_report_alerts: { last_rev: '1-a', seq: null, ok: true, run_date: '' } } } });
    expect(multiReportAlerts.filter(ctx)).toBe(false);
    expect(multiReportAlerts.asynchronousOnly).toBe(true);
  });

  it('does nothing below the threshold', async () => {
    const { out, doc } = await run(sick('new', 0), [sick('a', 1)]);
    expect(out).toEqual({ changed: false });
    expect(doc.tasks).toBeUndefined();
  });

  it('alerts once the counted reports reach the threshold: one task per distinct phone, tagged', async () => {
    const older = [sick('a', 1, { contact: { _id: 'chw2', parent: { _id: 'clinic' } }, from: '+254700000003' }), sick('b', 2)];
    const { out, doc } = await run(sick('new', 0), older);
    expect(out).toEqual({ changed: true });
    // new, then a, then b: literal, clinic contact, sender — each phone once
    expect(doc.tasks.map((t: any) => t.messages[0].to)).toEqual(['+254711111111', '+254700000001', '+254700000003']);
    for (const task of doc.tasks) {
      expect(task).toMatchObject({ type: 'alert', alert_name: 'cholera', counted_reports: ['new', 'a', 'b'], state: 'pending' });
    }
    expect(doc.tasks[0].messages[0].message).toBe('3 cases of cholera (3 in 7 days), latest from Jane');
  });

  it('counts only reports of its forms, inside its window, that is_report_counted accepts, from known senders', async () => {
    const older = [
      sick('d-form', 1, { form: 'D' }),
      sick('healthy', 1, { fields: { symptom: 'cough' } }),
      sick('too-old', 7 * 24 + 1),
      sick('unknown', 1, { contact: undefined, from: '+1555' }),
      sick('same-ms', 0), // same reported_date as the latest: outside CHT's window
      sick('ok', 7 * 24 - 1),
    ];
    const { out, doc } = await run(sick('new', 0), older, settings(alert({ num_reports_threshold: 2 })));
    expect(out).toEqual({ changed: true });
    expect(doc.tasks[0].counted_reports).toEqual(['new', 'ok']);
    const { out: below } = await run(sick('new', 0), older.slice(0, 5), settings(alert({ num_reports_threshold: 2 })));
    expect(below).toEqual({ changed: false });
  });

  it('skips the alert when the latest report is of another form or is not counted itself', async () => {
    const older = [sick('a', 1), sick('b', 2)];
    expect((await run(sick('new', 0, { form: 'D' }), older)).out).toEqual({ changed: false });
    expect((await run(sick('new', 0, { fields: { symptom: 'cough' } }), older)).out).toEqual({ changed: false });
  });

  it('alerts only the phones of reports no earlier alert of that name counted', async () => {
    const earlier = sick('b', 1, { tasks: [{ messages: [{ to: '+1' }], type: 'alert', alert_name: 'cholera', counted_reports: ['b', 'a'] }] });
    const older = [earlier, sick('a', 2, { contact: { _id: 'chw2' }, from: '+254700000003' })];
    const { doc } = await run(sick('new', 0, { contact: { _id: 'sup' }, from: '+254700000002' }), older, settings(alert({ recipients: ['new_report.from'] })));
    expect(doc.tasks.map((t: any) => t.messages[0].to)).toEqual(['+254700000002']);
    expect(doc.tasks[0].counted_reports).toEqual(['new', 'b', 'a']);
    // another alert name does not see those tasks: both older reports are new to it
    const { doc: other } = await run(sick('new', 0), older, settings(alert({ name: 'other', recipients: ['new_report.from'] })));
    expect(other.tasks.map((t: any) => t.messages[0].to)).toEqual(['+254700000001', '+254700000003']);
  });

  it('puts recipient failures on the report as errors and still saves it', async () => {
    const { out, doc } = await run(sick('new', 0), [sick('a', 1), sick('b', 2)], settings(alert({ recipients: ['new_report.contact.nothing.phone'] })));
    expect(out).toEqual({ changed: true });
    expect(doc.tasks).toBeUndefined();
    expect(doc.errors).toHaveLength(1); // CHT's addError de-duplicates by code (invalid_report)
    expect(doc.errors[0].message).toMatch(/Could not find a phone number for "new_report.contact.nothing.phone"/);
  });

  it('collects a failing alert and throws with changed: true, keeping the other alerts tasks', async () => {
    const s = settings(alert({ name: 'broken', is_report_counted: 'function( {' }), alert({ name: 'fine', num_reports_threshold: 1, recipients: ['+254711111111'] }));
    const { ctx } = await makeContext(sick('new', 0), { settings: s });
    const err = await multiReportAlerts.onMatch(ctx).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err.changed).toBe(true);
    expect(err.message).toMatch(/^multi_report_alerts threw errors: alert "broken": /);
    expect(ctx.doc.tasks).toHaveLength(1);
    expect(ctx.doc.tasks[0].alert_name).toBe('fine');
  });

  it('reads older reports once for all alerts, over the widest window', async () => {
    const { ctx, lookups } = await makeContext(sick('new', 0), {
      settings: settings(alert({ name: 'a', time_window_in_days: 1 }), alert({ name: 'b', time_window_in_days: 3 })),
      docs: [sick('x', 30), sick('y', 60)],
    });
    const spy = jest.spyOn(lookups, 'reportsBetween');
    await multiReportAlerts.onMatch(ctx);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(T - 1 - 3 * DAY, T - 1);
  });

  it('reads nothing when no alert applies', async () => {
    const { ctx, lookups } = await makeContext(sick('new', 0, { form: 'D' }), { settings: settings() });
    const spy = jest.spyOn(lookups, 'reportsBetween');
    expect(await multiReportAlerts.onMatch(ctx)).toEqual({ changed: false });
    expect(spy).not.toHaveBeenCalled();
  });
});
