/**
 * multi_report_alerts end to end on the test server: reports counted across a time window, alert tasks
 * on the latest report, no second alert for reports already counted; and the reports_by_date range read.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { createLookups } from '../../lib/runner/lookups';

const NOW = '2025-03-05T10:00:00.000Z';
const T = Date.parse(NOW);
const HOUR = 3_600_000;

const lineage = (...ids: string[]): any => ids.reduceRight<any>((parent, id) => (parent ? { _id: id, parent } : { _id: id }), undefined);
const CONTACTS = [
  { _id: 'hc', type: 'health_center', name: 'HC', contact: { _id: 'sup' } },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: lineage('hc') },
  { _id: 'sup', type: 'person', name: 'Sup', phone: '+254700000009', parent: lineage('hc') },
  { _id: 'chw1', type: 'person', name: 'One', phone: '+254700000001', parent: lineage('clinic', 'hc') },
  { _id: 'chw2', type: 'person', name: 'Two', phone: '+254700000002', parent: lineage('clinic', 'hc') },
  { _id: 'chw3', type: 'person', name: 'Three', phone: '+254700000003', parent: lineage('clinic', 'hc') },
];
const SETTINGS = {
  transitions: { multi_report_alerts: true },
  forms: { C: {}, D: {} },
  multi_report_alerts: [
    {
      name: 'cholera',
      is_report_counted: 'function(report, latest) { return report.fields.symptom === "diarrhea"; }',
      num_reports_threshold: 2,
      time_window_in_days: 1,
      forms: ['C'],
      message: '{{num_counted_reports}} cases, {{new_reports.length}} new',
      recipients: ['new_report.from', 'new_report.contact.parent.parent.contact.phone'],
    },
  ],
};
const sick = (id: string, chw: string, hoursAgo: number, extra: object = {}) => ({
  _id: id,
  type: 'data_record',
  form: 'C',
  from: `+25470000000${chw.slice(-1)}`,
  reported_date: T - hoursAgo * HOUR,
  contact: lineage(chw, 'clinic', 'hc'),
  fields: { symptom: 'diarrhea' },
  ...extra,
});

describe('multi_report_alerts', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  it('alerts on the report that reaches the threshold, then only about reports not counted before', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS, now: NOW });
    await f.couch.medic.insert(sick('r1', 'chw1', 3) as any);
    await f.couch.medic.insert(sick('not-counted', 'chw3', 2, { fields: { symptom: 'cough' } }) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('r1')).tasks).toBeUndefined();
    expect((await f.couch.sentinel.get('r1-info')).transitions).toEqual({});

    await f.couch.medic.insert(sick('r2', 'chw2', 1) as any);
    await f.engine.drain();
    const r2 = await f.couch.medic.get('r2');
    // r2's sender, the supervisor (shared: once), r1's sender
    expect(r2.tasks.map((t: any) => t.messages[0].to)).toEqual(['+254700000002', '+254700000009', '+254700000001']);
    for (const task of r2.tasks) {
      expect(task).toMatchObject({ type: 'alert', alert_name: 'cholera', counted_reports: ['r2', 'r1'], state: 'pending' });
      expect(task.messages[0].message).toBe('2 cases, 2 new');
    }
    expect((await f.couch.sentinel.get('r2-info')).transitions.multi_report_alerts).toMatchObject({ ok: true });

    await f.couch.medic.insert(sick('r3', 'chw3', 0) as any);
    await f.engine.drain();
    const r3 = await f.couch.medic.get('r3');
    expect(r3.tasks.map((t: any) => t.messages[0].to)).toEqual(['+254700000003', '+254700000009']);
    expect(r3.tasks[0]).toMatchObject({ counted_reports: ['r3', 'r2', 'r1'] });
    expect(r3.tasks[0].messages[0].message).toBe('3 cases, 1 new');
  });

  it('reads reports_by_date as one inclusive range, newest first', async () => {
    f = await engineFixture({}, { docs: [...CONTACTS, sick('a', 'chw1', 3), sick('b', 'chw1', 2), sick('c', 'chw1', 1), sick('d', 'chw1', 0), { _id: 'p', type: 'person', reported_date: T - 2 * HOUR }, sick('no-date', 'chw1', 0, { reported_date: undefined })], now: NOW });
    const lookups = createLookups(f.couch);
    expect((await lookups.reportsBetween(T - 2 * HOUR, T - HOUR)).map((d) => d._id)).toEqual(['c', 'b']);
    expect((await lookups.reportsBetween(T - 10 * HOUR, T)).map((d) => d._id)).toEqual(['d', 'c', 'b', 'a']);
    expect(await lookups.reportsBetween(T + 1, T + 2)).toEqual([]);
    const [hydrated] = await lookups.hydrateDocs([(await lookups.reportsBetween(T, T))[0]]);
    expect(hydrated.contact).toMatchObject({ _id: 'chw1', phone: '+254700000001', parent: { _id: 'clinic', parent: { _id: 'hc' } } });
  });
});
