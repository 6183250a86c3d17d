/**
 * The reminders job on a real CouchDB-compatible server: places and settings are written directly, the job
 * runs at the fixture's "now" (2025-03-05T10:00Z, a Wednesday) and later instants of the manual clock.
 */
import type { Logger } from 'winston';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { createLogger } from '../../lib/log';
import type { VigilMessaging } from '../../lib/messages';
import { createLookups } from '../../lib/runner/lookups';
import type { Doc, Settings } from '../../lib/types';
import { JOBS } from '../../schedules';
import type { JobContext } from '../../schedules/job';
import { leased } from '../../schedules/leased-job';
import { createRemindersJob, type RemindersSummary } from '../../schedules/reminders';

const NOW = '2025-03-05T10:00:00.000Z';
const AT_9 = Date.parse('2025-03-05T09:00:00.000Z');

const CONTACT_TYPES = [
  { id: 'district' },
  { id: 'area', parents: ['district'] },
  { id: 'household', parents: ['area'] },
  { id: 'chw', parents: ['district', 'area', 'household'], person: true },
];
const person = (id: string, parent: Doc, phone?: string): Doc => ({
  _id: id,
  type: 'contact',
  contact_type: 'chw',
  name: `person ${id}`,
  ...(phone ? { phone } : {}),
  parent: { _id: parent._id, parent: parent.parent },
});
const place = (id: string, type: string, parent: Doc | undefined, extra: object = {}): Doc => ({
  _id: id,
  type: 'contact',
  contact_type: type,
  name: `place ${id}`,
  ...(parent ? { parent: { _id: parent._id, ...(parent.parent ? { parent: parent.parent } : {}) } } : {}),
  ...extra,
});

const district = place('d1', 'district', undefined);
const area = place('a1', 'area', district, { contact: { _id: 'pa1' } });
/** households: h1, h2 (same contact phone pattern), muted h3, h4 without contact, h5 whose contact has no phone */
function households(): Doc[] {
  const out: Doc[] = [district, area, person('pa1', area, '+15550100')];
  for (const [id, extra] of [
    ['h1', {}],
    ['h2', {}],
    ['h3', { muted: 1741000000000 }],
    ['h5', {}],
  ] as const) {
    const hh = place(id, 'household', area, { ...extra, contact: { _id: `p${id}` } });
    out.push(hh, person(`p${id}`, hh, id === 'h5' ? undefined : `+1555010${id.slice(1)}`));
  }
  out.push(place('h4', 'household', area));
  return out;
}

const reminder = (over: object = {}) => ({ form: 'W', text_expression: 'at 9:00 am on Wed', message: 'Week {{week}}: report for {{name}}', ...over });

describe('reminders job', () => {
  let f: EngineFixture;
  const silent = createLogger({ silent: true });
  const ctx = (over: Partial<JobContext> = {}): JobContext => ({ couch: f.couch, config: f.engine.config, lookups: createLookups(f.couch), logger: silent, ...over });
  const setup = async (settings: Settings, docs: Doc[] = households()) => {
    f = await engineFixture({ contact_types: CONTACT_TYPES, ...settings }, { now: NOW, docs });
  };
  const reminderDocs = async () => {
    const res = await f.couch.medic.list({ startkey: 'reminder:', endkey: 'reminder:\ufff0', include_docs: true });
    return res.rows.map((r: any) => r.doc as Doc);
  };
  const logs = async () => {
    const res = await f.couch.sentinel.list({ startkey: 'reminderlog:', endkey: 'reminderlog:\ufff0', include_docs: true });
    return res.rows.map((r: any) => r.doc as Doc);
  };
  const gen = (rev: string) => Number(rev.split('-')[0]);

  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  it('reminds every leaf place with a primary contact once per occurrence, and logs the run', async () => {
    await setup({ reminders: [reminder()] });
    await f.engine.runJob('reminders');

    const docs = await reminderDocs();
    expect(docs.map((d) => d._id)).toEqual([`reminder:W:${AT_9}:h1`, `reminder:W:${AT_9}:h2`]);
    expect(docs[0]).toMatchObject({
      type: 'reminder',
      form: 'W',
      reported_date: Date.parse(NOW),
      contact: { _id: 'ph1', parent: { _id: 'h1', parent: { _id: 'a1', parent: { _id: 'd1' } } } },
      place: { _id: 'h1', parent: { _id: 'a1', parent: { _id: 'd1' } } },
      tasks: [
        {
          messages: [{ uuid: expect.any(String), to: '+15550101', message: 'Week 10: report for place h1' }],
          state: 'pending',
          form: 'W',
          timestamp: '2025-03-05T09:00:00.000Z',
          type: 'reminder',
        },
      ],
    });
    expect(await logs()).toEqual([
      { _id: `reminderlog:W:${AT_9}`, _rev: expect.any(String), duration: expect.any(Number), reminder: reminder(), reported_date: Date.parse(NOW), type: 'reminderlog' },
    ]);

    // the same occurrence never runs twice; the next one does
    await f.engine.runJob('reminders');
    expect((await reminderDocs()).map((d) => gen(d._rev!))).toEqual([1, 1]);
    expect(await logs()).toHaveLength(1);
    f.clock.set('2025-03-12T09:04:00.000Z');
    await f.engine.runJob('reminders');
    const next = Date.parse('2025-03-12T09:00:00.000Z');
    expect((await reminderDocs()).map((d) => d._id)).toEqual([`reminder:W:${AT_9}:h1`, `reminder:W:${AT_9}:h2`, `reminder:W:${next}:h1`, `reminder:W:${next}:h2`]);
    expect((await reminderDocs())[2].tasks[0].messages[0].message).toBe('Week 11: report for place h1');
  });

  it('reports its counts, and skips what cannot be reminded', async () => {
    await setup({ reminders: [reminder()] });
    const summary = (await createRemindersJob().run(ctx())) as RemindersSummary;
    expect(summary).toMatchObject({ reminders: 1, problems: 0, due: 1, created: 2, already: 0, recently_sent: 0, no_contact: 1, no_phone: 1, muted: 1, failed: 0 });
  });

  it('finishes an interrupted run without reminding anyone twice', async () => {
    await setup({ reminders: [reminder()] });
    // an earlier run wrote h1's reminder and died before its log
    await f.couch.medic.insert({ _id: `reminder:W:${AT_9}:h1`, type: 'reminder', form: 'W', tasks: [] } as any);
    // places already reminded are left out before any message is rendered (it would count as a duplicate)
    const messaging = f.engine.config.messaging as VigilMessaging;
    const rendered: string[] = [];
    const counting = { ...messaging, addMessage: (doc: Doc, ...rest: any[]) => (rendered.push(doc._id), (messaging.addMessage as any)(doc, ...rest)) };
    const summary = (await createRemindersJob().run(ctx({ config: { ...f.engine.config, messaging: counting } }))) as RemindersSummary;
    expect(summary).toMatchObject({ created: 1, already: 1 });
    expect(rendered).toEqual([`reminder:W:${AT_9}:h2`]);
    const docs = await reminderDocs();
    expect(docs.map((d) => [d._id, gen(d._rev!)])).toEqual([
      [`reminder:W:${AT_9}:h1`, 1],
      [`reminder:W:${AT_9}:h2`, 1],
    ]);
    expect(docs[0].tasks).toEqual([]);
    expect(await logs()).toHaveLength(1);
  });

  it('sends each reminder once when two processes run the job at the same time', async () => {
    await setup({ reminders: [reminder()] });
    // with the lease: one runs, the other waits for it and then finds the run log
    const job = leased(createRemindersJob(), { pollMs: 20 });
    const summaries = (await Promise.all([job.run(ctx({ holder: 'a' })), job.run(ctx({ holder: 'b' }))])) as RemindersSummary[];
    expect(summaries.map((s) => s.created).sort()).toEqual([0, 2]);
    // without it (a lease that expired mid-run), the deterministic ids still keep it to one doc per place
    f.clock.set('2025-03-12T09:04:00.000Z');
    const bare = createRemindersJob();
    const raced = (await Promise.all([bare.run(ctx()), bare.run(ctx())])) as RemindersSummary[];
    expect(raced[0].created + raced[1].created).toBe(2);
    expect((await reminderDocs()).map((d) => gen(d._rev!))).toEqual([1, 1, 1, 1]);
    expect(await logs()).toHaveLength(2);
  });

  it('does not remind a place that sent the form within mute_after_form_for', async () => {
    await setup({ reminders: [reminder({ mute_after_form_for: '2 days' })] });
    const sent = (id: string, contact: string, place: string, at: string): Doc => ({
      _id: id,
      type: 'data_record',
      form: 'W',
      reported_date: Date.parse(at),
      contact: { _id: contact, parent: { _id: place, parent: { _id: 'a1', parent: { _id: 'd1' } } } },
    });
    // h1 sent W 1 day ago (muted); h2 sent it 3 days ago and another form yesterday (reminded)
    await f.couch.medic.bulk({
      docs: [sent('r1', 'ph1', 'h1', '2025-03-04T09:00:00Z'), sent('r2', 'ph2', 'h2', '2025-03-02T08:59:59Z'), { ...sent('r3', 'ph2', 'h2', '2025-03-04T09:00:00Z'), form: 'X' }],
    });
    const summary = (await createRemindersJob().run(ctx())) as RemindersSummary;
    expect(summary).toMatchObject({ created: 1, recently_sent: 1 });
    expect((await reminderDocs()).map((d) => d._id)).toEqual([`reminder:W:${AT_9}:h2`]);
  });

  it('reads the schedule in settings.timezone', async () => {
    await setup({ timezone: 'Africa/Nairobi', reminders: [reminder()] });
    await f.engine.runJob('reminders');
    const at = Date.parse('2025-03-05T06:00:00.000Z'); // 09:00 in Nairobi
    expect((await reminderDocs()).map((d) => d._id)).toEqual([`reminder:W:${at}:h1`, `reminder:W:${at}:h2`]);
    expect((await reminderDocs())[0].tasks[0].timestamp).toBe('2025-03-05T06:00:00.000Z');
  });

  it('runs cron schedules, explicit contact types and translation keys; pages through places', async () => {
    await setup({
      reminders: [{ form: 'M', cron: '30 8 * * 3', translation_key: 'monthly.reminder', contact_types: ['area', 'household'] }],
    });
    await f.couch.medic.insert({ _id: 'messages-en', type: 'translations', code: 'en', enabled: true, generic: { 'monthly.reminder': 'Monthly report for {{name}}, {{year}}' } } as any);
    await f.engine.reloadConfig();
    const summary = (await createRemindersJob({ pageSize: 1 }).run(ctx({ config: f.engine.config }))) as RemindersSummary;
    expect(summary).toMatchObject({ created: 3 });
    const at = Date.parse('2025-03-05T08:30:00.000Z');
    const docs = await reminderDocs();
    expect(docs.map((d) => d._id)).toEqual([`reminder:M:${at}:a1`, `reminder:M:${at}:h1`, `reminder:M:${at}:h2`]);
    expect(docs[0].tasks[0].messages[0]).toMatchObject({ to: '+15550100', message: 'Monthly report for place a1, 2025' });
  });

  it('only sends the latest occurrence of the last day (as CHT), and nothing before the first one', async () => {
    await setup({ reminders: [reminder({ text_expression: 'at 8:00 and 9:00 and 9:30' })] });
    f.clock.set('2025-03-05T07:59:59.000Z');
    await f.engine.runJob('reminders');
    // yesterday's 09:30 is within the window (now − 1 day, at the start of the hour)
    expect((await logs()).map((l) => l._id)).toEqual([`reminderlog:W:${Date.parse('2025-03-04T09:30:00Z')}`]);
    f.clock.set('2025-03-05T09:45:00.000Z');
    await f.engine.runJob('reminders');
    expect((await logs()).map((l) => l._id)).toEqual([`reminderlog:W:${Date.parse('2025-03-04T09:30:00Z')}`, `reminderlog:W:${Date.parse('2025-03-05T09:30:00Z')}`]);
  });

  it('logs configuration problems when they change, and still runs the valid reminders', async () => {
    const warnings: string[] = [];
    const logger = {
      log: (level: string, _msg: string, meta: any) => level === 'warn' && warnings.push(meta?.path),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      error: () => undefined,
    } as unknown as Logger;
    await setup({ reminders: [reminder({ text_expression: 'every 5 minutes' }), reminder({ form: 'V' }), reminder({ contact_types: ['ghost'] })] });
    const job = createRemindersJob();
    const summary = (await job.run(ctx({ logger }))) as RemindersSummary;
    expect(summary).toMatchObject({ reminders: 1, problems: 2, created: 2 });
    expect(warnings).toEqual(['$.reminders[0].text_expression', '$.reminders[2].contact_types']);
    await job.run(ctx({ logger }));
    expect(warnings).toHaveLength(2);
  });

  it('is registered, lease-guarded', async () => {
    await setup({ reminders: [] });
    expect(JOBS.reminders.name).toBe('reminders');
    await f.couch.sentinel.insert({ _id: 'vigil:lease:reminders', type: 'vigil_lease', job: 'reminders', holder: 'other/1', acquired_at: NOW, renewed_at: NOW, expires_at: '2999-01-01T00:00:00.000Z' } as any);
    await expect(JOBS.reminders.run(ctx({ leaseWaitMs: 100 }))).rejects.toThrow(/job "reminders" is already running/);
  });
});
