/**
 * The due_tasks job on a real CouchDB-compatible server: docs with scheduled_tasks are written directly
 * (no transition runs on them), then the job runs at the fixture's "now" (2025-03-05T10:00Z, a Wednesday).
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { createLogger } from '../../lib/log';
import { createLookups } from '../../lib/runner/lookups';
import type { Doc, Settings } from '../../lib/types';
import { systemClock } from '../../lib/time/clock';
import { JOBS } from '../../schedules';
import { createDueTasksJob } from '../../schedules/due-tasks';
import type { JobContext } from '../../schedules/job';
import { LeaseBusyError, tryAcquire } from '../../schedules/lease';
import { leaseId } from '../../schedules/lease-rules';
import { leased } from '../../schedules/leased-job';

const NOW = '2025-03-05T10:00:00.000Z';
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

const CONTACTS: Doc[] = [
  { _id: 'hc', type: 'health_center', name: 'HC', contact: { _id: 'sup', parent: { _id: 'hc' } } },
  { _id: 'sup', type: 'person', name: 'Sup', phone: '+15550001', parent: { _id: 'hc' } },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: { _id: 'hc' }, contact: { _id: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc' } } } },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+15550002', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
  { _id: 'alice', type: 'person', name: 'Alice', patient_id: '12345', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
];
const TRANSLATIONS: Doc = {
  _id: 'messages-en',
  type: 'translations',
  code: 'en',
  enabled: true,
  generic: { 'visit.reminder': 'Hi {{contact.name}}, please visit {{patient_name}} ({{patient_id}})' },
};

const task = (due: unknown, extra: object = {}) => ({ due, state: 'scheduled', state_history: [], recipient: 'clinic', message_key: 'visit.reminder', ...extra });
const report = (id: string, tasks: object[], extra: object = {}): Doc => ({
  _id: id,
  type: 'data_record',
  form: 'V',
  reported_date: Date.parse(daysAgo(20)),
  contact: { _id: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
  fields: { patient_id: '12345' },
  scheduled_tasks: tasks,
  ...extra,
});

const gen = (rev: string) => Number(rev.split('-')[0]);

describe('due_tasks job', () => {
  let f: EngineFixture;
  const silent = createLogger({ silent: true });
  const ctx = (over: Partial<JobContext> = {}): JobContext => ({ couch: f.couch, config: f.engine.config, lookups: createLookups(f.couch), logger: silent, ...over });
  const setup = async (settings: Settings, docs: Doc[]) => {
    f = await engineFixture(settings, { now: NOW, docs: [...CONTACTS, TRANSLATIONS, ...docs] });
  };
  const get = (id: string) => f.couch.medic.get(id) as Promise<Doc>;

  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  it('releases every due message however late, with non-canonical ISO dues, rendering translation keys at release', async () => {
    await setup({}, [
      report('late', [task(daysAgo(10)), task(daysAgo(400))]),
      report('odd', [task('2025-03-05T12:30:00+03:00'), task('2025-03-04T10:00:00Z'), task(Date.parse(daysAgo(1)))]),
      report('future', [task('2025-03-05T10:00:01.000Z'), task(daysAgo(1), { state: 'sent' })]),
      // records without a form are hydrated too (CHT's bulk hydration), and keep having no form
      report('noform', [task(daysAgo(1))], { form: undefined }),
    ]);
    await f.engine.runJob('due_tasks');

    const late = await get('late');
    expect(late.scheduled_tasks.map((t: any) => t.state)).toEqual(['pending', 'pending']);
    expect(late.scheduled_tasks[0].messages).toEqual([
      { uuid: expect.any(String), to: '+15550002', message: 'Hi Jane, please visit Alice (12345)' },
    ]);
    expect(late.scheduled_tasks[0].state_history).toEqual([{ state: 'pending', timestamp: NOW }]);
    expect(gen(late._rev!)).toBe(2);
    // stored minified: no hydrated patient, contact as ids
    expect(late.patient).toBeUndefined();
    expect(late.contact).toEqual({ _id: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc' } } });

    const odd = await get('odd');
    expect(odd.scheduled_tasks.map((t: any) => t.state)).toEqual(['pending', 'pending', 'pending']);

    const noform = await get('noform');
    expect(noform.scheduled_tasks[0].messages[0].message).toBe('Hi Jane, please visit Alice (12345)');
    expect(noform).not.toHaveProperty('form');

    const future = await get('future');
    expect(future.scheduled_tasks.map((t: any) => t.state)).toEqual(['scheduled', 'sent']);
    expect(gen(future._rev!)).toBe(1);
  });

  it('moves nothing outside the send window of the zone, except where a place overrides the zone', async () => {
    // 10:00Z is 13:00 in Nairobi: outside 07:00-12:00 there, inside in UTC
    const window = { timezone: 'Africa/Nairobi', schedule_morning_hours: 7, schedule_evening_hours: 12 };
    await setup(window, [
      report('nairobi', [task(daysAgo(1))]),
      report('utc', [task(daysAgo(1))], { contact: { _id: 'chw-utc', parent: { _id: 'clinic-utc', parent: { _id: 'hc' } } } }),
      { _id: 'clinic-utc', type: 'clinic', name: 'UTC clinic', timezone: 'UTC', parent: { _id: 'hc' } },
      { _id: 'chw-utc', type: 'person', name: 'Bob', phone: '+15550003', parent: { _id: 'clinic-utc', parent: { _id: 'hc' } } },
    ]);
    await f.engine.runJob('due_tasks');
    const nairobi = await get('nairobi');
    expect(nairobi.scheduled_tasks[0].state).toBe('scheduled');
    expect(nairobi.scheduled_tasks[0].messages).toBeUndefined();
    expect(gen(nairobi._rev!)).toBe(1);
    expect((await get('utc')).scheduled_tasks[0].state).toBe('pending');

    // 05:00Z = 08:00 in Nairobi: open
    f.clock.set('2025-03-05T05:00:00.000Z');
    await f.engine.runJob('due_tasks');
    expect((await get('nairobi')).scheduled_tasks[0].state).toBe('pending');
  });

  it('leaves unrenderable messages scheduled, or moves them to "clear" with sms.clear_failing_schedules', async () => {
    await setup({}, [report('r', [task(daysAgo(1), { message_key: 'no.such.key' }), task(daysAgo(1))])]);
    await f.engine.runJob('due_tasks');
    let doc = await get('r');
    expect(doc.scheduled_tasks.map((t: any) => t.state)).toEqual(['scheduled', 'pending']);
    expect(doc.scheduled_tasks[0].messages).toBeUndefined();

    await f.couch.medic.insert({ ...(await get('settings')), settings: { ...(await get('settings')).settings, sms: { clear_failing_schedules: true } } } as any);
    await f.engine.reloadConfig();
    await f.engine.runJob('due_tasks');
    doc = await get('r');
    expect(doc.scheduled_tasks.map((t: any) => t.state)).toEqual(['clear', 'pending']);
    expect(doc.scheduled_tasks[0].messages).toBeUndefined();
    expect(doc.scheduled_tasks[0].state_history).toEqual([{ state: 'clear', timestamp: NOW }]);
  });

  it('expires messages older than vigil.due_tasks.expire_after instead of sending them', async () => {
    await setup({ vigil: { due_tasks: { expire_after: '30 days' } } }, [report('r', [task(daysAgo(31)), task(daysAgo(29))])]);
    await f.engine.runJob('due_tasks');
    const doc = await get('r');
    expect(doc.scheduled_tasks[0]).toMatchObject({ state: 'cleared', state_details: { reason: 'expired', expire_after: '30 days' } });
    expect(doc.scheduled_tasks[0].messages).toBeUndefined();
    expect(doc.scheduled_tasks[1].state).toBe('pending');
  });

  it('pages through many due docs, past a doc whose rows fill more than a page and stay', async () => {
    const many = Array.from({ length: 7 }, (_, i) => report(`r${i}`, [task(daysAgo(2))]));
    // sorts first at the same key, and its unrenderable tasks stay in the view after it is handled
    const big = report('big', Array.from({ length: 5 }, () => task(daysAgo(2), { message_key: 'no.such.key' })));
    await setup({}, [...many, big]);
    const summary = await createDueTasksJob({ pageSize: 2 }).run(ctx());
    expect(summary).toMatchObject({ docs: 8, saved: 7, released: 7, left: 5, failed: 0 });
    for (const d of many) expect((await get(d._id)).scheduled_tasks[0].state).toBe('pending');
    expect((await get('big')).scheduled_tasks.every((t: any) => t.state === 'scheduled')).toBe(true);
  });

  it('re-applies the release to the fresh doc when the save conflicts', async () => {
    await setup({}, [report('r', [task(daysAgo(1))])]);
    const base = createLookups(f.couch);
    let edited = false;
    // someone edits the report between the job's read and its write
    const lookups = {
      ...base,
      async getDocsById(ids: string[]) {
        if (!edited) {
          edited = true;
          await f.couch.medic.insert({ ...(await get('r')), edited_meanwhile: true } as any);
        }
        return base.getDocsById(ids);
      },
    };
    const summary = await createDueTasksJob().run(ctx({ lookups }));
    expect(summary).toMatchObject({ conflicts: 1, saved: 1, released: 1 });
    const doc = await get('r');
    expect(doc.edited_meanwhile).toBe(true);
    expect(doc.scheduled_tasks[0].state).toBe('pending');
    expect(doc.scheduled_tasks[0].state_history).toHaveLength(1);
    expect(gen(doc._rev!)).toBe(3);
  });

  it('does not run while another process holds the lease; concurrent runs never double-process', async () => {
    await setup({}, [report('r1', [task(daysAgo(1))]), report('r2', [task(daysAgo(2)), task(daysAgo(3))])]);
    const held = await tryAcquire(f.couch.sentinel, 'due_tasks', 'other-host/42/abcd', systemClock('UTC'));
    expect('doc' in held).toBe(true);

    await expect(JOBS.due_tasks.run(ctx({ trigger: 'schedule' }))).rejects.toThrow(LeaseBusyError);
    await expect(JOBS.due_tasks.run(ctx({ leaseWaitMs: 300 }))).rejects.toThrow(/job "due_tasks" is already running \(lease held by other-host\/42\/abcd until/);
    expect((await get('r1')).scheduled_tasks[0].state).toBe('scheduled');

    // the holder lets go: two runs at once, one after the other thanks to the lease
    const lease = await f.couch.sentinel.get(leaseId('due_tasks'));
    await f.couch.sentinel.insert({ ...lease, released_at: new Date().toISOString() });
    const job = leased(createDueTasksJob(), { pollMs: 20 });
    const summaries = await Promise.all([job.run(ctx({ holder: 'a' })), job.run(ctx({ holder: 'b' }))]);
    expect(summaries.map((s: any) => s.released).sort()).toEqual([0, 3]);
    for (const id of ['r1', 'r2']) {
      const doc = await get(id);
      expect(gen(doc._rev!)).toBe(2);
      for (const t of doc.scheduled_tasks) expect(t.state_history).toEqual([{ state: 'pending', timestamp: NOW }]);
    }
    expect(await f.couch.sentinel.get(leaseId('due_tasks'))).toMatchObject({ released_at: expect.any(String) });
  });
});
