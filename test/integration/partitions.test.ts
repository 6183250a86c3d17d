/**
 * Scale-out: three `vigil run --partition i/3 --once` processes share one database. Every report is
 * processed exactly once (one save, one set of tasks, its transitions recorded once, one patient per
 * registration, patient ids unique); each keeps its own checkpoint. Then replies clear tracing alerts on
 * registrations (docs other partitions own) while three `vigil jobs run due_tasks` release the first
 * check-ins of the same docs: the 409 retries lose neither, and the lease lets each message go once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { getTestCouch, type TestCouch } from '../helpers/couch';
import { connect, type Couch } from '../../lib/couch/client';
import { findRepoRoot } from '../../lib/embedded/spawn';
import { checkpointId } from '../../lib/feed/checkpoint';
import { leaseId } from '../../schedules/lease-rules';
import { buildContacts, buildReply, buildReports, clientPhone, FIRST_CHECKIN, loadShippedSettings, START } from '../../bench/workflow';
import type { Doc, Settings } from '../../lib/types';

const N = Number(process.env.VIGIL_PARTITION_DOCS ?? 600);
const CHWS = Math.max(1, Math.ceil(N / 10));
const CLI = path.join(findRepoRoot(), 'dist/bin/vigil.js');
const PARTITIONS = 3;

/** `synthetic_date` (YYYYMMDDHHmm in the settings' zone) freezes the children's clocks. */
const synthetic = (dt: typeof START) => dt.toFormat('yyyyMMddHHmm');

interface Exit {
  code: number | null;
  stderr: string;
}

function vigil(couchUrl: string, args: string[]): Promise<Exit> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, COUCH_URL: couchUrl, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

const partitions = (couchUrl: string) =>
  Promise.all(Array.from({ length: PARTITIONS }, (_, i) => vigil(couchUrl, ['run', '--once', '--partition', `${i}/${PARTITIONS}`])));

async function allDocs(couch: Couch): Promise<Doc[]> {
  const res = await couch.medic.list({ include_docs: true });
  return (res.rows as any[]).map((r) => r.doc).filter((d) => d && !d._id.startsWith('_design/'));
}

async function infodocs(couch: Couch): Promise<Map<string, any>> {
  const res = await couch.sentinel.list({ include_docs: true });
  return new Map((res.rows as any[]).filter((r) => r.doc?.type === 'info').map((r) => [r.doc.doc_id, r.doc]));
}

async function setClock(couch: Couch, settings: Settings, at: typeof START): Promise<void> {
  const doc = await couch.medic.get('settings');
  await couch.medic.insert({ ...doc, settings: { ...settings, synthetic_date: synthetic(at) } });
}

/** Who held the due_tasks lease when, from the lease doc's revisions (renewals keep the holder). */
async function leaseHolds(couch: Couch): Promise<Array<{ holder: string; from: number; to: number; released: boolean }>> {
  const id = leaseId('due_tasks');
  const latest = (await couch.sentinel.get(id, { revs: true })) as any;
  const revs: string[] = latest._revisions.ids.map((hash: string, i: number) => `${latest._revisions.start - i}-${hash}`);
  const bodies = await Promise.all(revs.map((rev) => couch.sentinel.get(id, { rev }) as Promise<any>));
  const holds = new Map<string, { holder: string; from: number; to: number; released: boolean }>();
  for (const b of bodies) {
    const hold = holds.get(b.holder) ?? { holder: b.holder, from: Date.parse(b.acquired_at), to: 0, released: false };
    // held until released; a renewal's expiry only counts for a holder that never released
    if (b.released_at) Object.assign(hold, { to: Date.parse(b.released_at), released: true });
    else if (!hold.released) hold.to = Math.max(hold.to, Date.parse(b.expires_at));
    holds.set(b.holder, hold);
  }
  return [...holds.values()].sort((a, b) => a.from - b.from);
}

describe(`${PARTITIONS} partitions on one database`, () => {
  let server: TestCouch;
  let db: string;
  let couch: Couch;
  let couchUrl: string;
  let settings: Settings;
  let reportIds: Set<string>;

  beforeAll(async () => {
    server = await getTestCouch();
    db = server.uniqueDbName('partitions');
    await server.createDb(db);
    await server.createDb(`${db}-sentinel`);
    couch = connect(server.url, db);
    couchUrl = `${server.url}/${db}`;
    settings = await loadShippedSettings();
    await couch.medic.insert({ _id: 'settings', settings: { ...settings, synthetic_date: synthetic(START) } } as any);
    const { places, people } = buildContacts(CHWS);
    const reports = buildReports(settings, N, CHWS);
    reportIds = new Set(reports.map((r) => r._id));
    for (const docs of [places, people, reports]) {
      for (let i = 0; i < docs.length; i += 1000) await couch.medic.bulk({ docs: docs.slice(i, i + 1000) });
    }
  });

  afterAll(async () => {
    if (db) {
      await server.destroyDb(db);
      await server.destroyDb(`${db}-sentinel`);
    }
    await server?.stop();
  });

  it(`processes ${N} registrations exactly once across ${PARTITIONS} processes`, async () => {
    const first = await partitions(couchUrl);
    expect(first.map((e) => e.code)).toEqual([0, 0, 0]);
    // A patient created by one process after its owner drained is that owner's next run's work.
    const sweep = await partitions(couchUrl);
    expect(sweep.map((e) => e.code)).toEqual([0, 0, 0]);

    const docs = await allDocs(couch);
    const infos = await infodocs(couch);
    const reports = docs.filter((d) => reportIds.has(d._id));
    const patients = docs.filter((d) => d.type === 'person' && d.source_id);
    const problems: string[] = [];
    const patientsBySource = new Map<string, Doc[]>();
    for (const p of patients) patientsBySource.set(p.source_id, [...(patientsBySource.get(p.source_id) ?? []), p]);
    for (const r of reports) {
      if (!r._rev?.startsWith('2-')) problems.push(`${r._id}: saved as ${r._rev}`);
      if (r.tasks?.length !== 2) problems.push(`${r._id}: ${r.tasks?.length ?? 0} tasks`);
      if (r.scheduled_tasks?.length !== 14) problems.push(`${r._id}: ${r.scheduled_tasks?.length ?? 0} scheduled tasks`);
      const mine = patientsBySource.get(r._id) ?? [];
      if (mine.length !== 1 || mine[0].patient_id !== r.patient_id) problems.push(`${r._id}: ${mine.length} patients`);
      const info = infos.get(r._id);
      if (!info) problems.push(`${r._id}: no infodoc`);
      else {
        if (info.vigil_pending) problems.push(`${r._id}: intent left behind`);
        for (const [name, t] of Object.entries<any>(info.transitions ?? {})) if (!t.last_rev.startsWith('1-')) problems.push(`${r._id}: ${name} ran on ${t.last_rev}`);
        if (!info.transitions?.registration) problems.push(`${r._id}: registration not recorded`);
      }
    }
    // Every doc in the feed was seen by exactly its owner: all of them have an infodoc.
    for (const d of docs) if (d._id !== 'settings' && !infos.has(d._id)) problems.push(`${d._id}: never processed`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(reports).toHaveLength(N);
    expect(patients).toHaveLength(N);
    // Shortcodes handed out by different processes never collide.
    expect(new Set(patients.map((p) => p.patient_id)).size).toBe(N);

    // One checkpoint per partition, none for the unpartitioned feed.
    for (let i = 0; i < PARTITIONS; i++) await expect(couch.sentinel.get(checkpointId({ index: i, count: PARTITIONS }))).resolves.toMatchObject({ value: expect.any(String) });
    await expect(couch.sentinel.get(checkpointId())).rejects.toMatchObject({ statusCode: 404 });
  }, 900_000);

  it('replies and due_tasks update the same registrations at once: no lost update, each message released once', async () => {
    const at = FIRST_CHECKIN.plus({ hours: 1 });
    await setClock(couch, settings, at);
    const registrations = (await allDocs(couch)).filter((d) => reportIds.has(d._id));
    const replies = Array.from({ length: N }, (_, i) => buildReply(settings, i, at.toMillis()));
    const replyByPhone = new Map(replies.map((r, i) => [clientPhone(i), r._id]));
    for (let i = 0; i < replies.length; i += 1000) await couch.medic.bulk({ docs: replies.slice(i, i + 1000) });

    const runs = await Promise.all([
      partitions(couchUrl),
      Promise.all(Array.from({ length: PARTITIONS }, () => vigil(couchUrl, ['jobs', 'run', 'due_tasks']))),
    ]);
    expect(runs[0].map((e) => e.code)).toEqual([0, 0, 0]);
    // a due_tasks process either ran (after the holder released the lease) or gave up waiting for it
    for (const e of runs[1]) if (e.code !== 0) expect(e.stderr).toMatch(/already running/);
    expect(runs[1].some((e) => e.code === 0)).toBe(true);
    // stragglers: docs still conflicting after due_tasks' retries, patients' owners done early
    expect((await vigil(couchUrl, ['jobs', 'run', 'due_tasks'])).code).toBe(0);
    // every due_tasks run that ran held the lease, one after the other
    const holds = await leaseHolds(couch);
    expect(holds).toHaveLength(runs[1].filter((e) => e.code === 0).length + 1);
    expect(holds.every((h) => h.released)).toBe(true);
    for (let i = 1; i < holds.length; i++) expect(holds[i].from).toBeGreaterThanOrEqual(holds[i - 1].to);
    expect((await partitions(couchUrl)).map((e) => e.code)).toEqual([0, 0, 0]);

    const docs = new Map((await allDocs(couch)).map((d) => [d._id, d]));
    const problems: string[] = [];
    for (const reg of registrations) {
      const now = docs.get(reg._id) as Doc;
      const checkins = now.scheduled_tasks.filter((t: any) => t.type === 'VMMC check-ins');
      const first = checkins[0];
      const pendings = (first.state_history ?? []).filter((h: any) => h.state === 'pending').length;
      if (first.state !== 'pending' || pendings !== 1) problems.push(`${reg._id}: first check-in ${first.state}, released ${pendings} times`);
      if (checkins.slice(1).some((t: any) => t.state !== 'scheduled')) problems.push(`${reg._id}: a later check-in left early`);
      const tracing = now.scheduled_tasks.find((t: any) => t.type === 'VMMC tracing');
      const reply = replyByPhone.get(reg.fields.client_phone);
      if (tracing?.state !== 'cleared' || tracing.cleared_by !== reply) problems.push(`${reg._id}: tracing ${tracing?.state} by ${tracing?.cleared_by}, reply ${reply}`);
    }
    for (const reply of replies) {
      const stored = docs.get(reply._id) as Doc;
      if (!stored._rev?.startsWith('2-') || stored.tasks?.length !== 1) problems.push(`${reply._id}: saved as ${stored._rev} with ${stored.tasks?.length ?? 0} tasks`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  }, 900_000);
});
