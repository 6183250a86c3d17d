/**
 * `kill -9` in the middle of a backlog, twice, then resume: every doc is processed exactly once
 * (one save per doc, one reply each, every transition recorded once, no intent left behind).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { getTestCouch, type TestCouch } from '../helpers/couch';
import { connect, type Couch } from '../../lib/couch/client';
import { findRepoRoot } from '../../lib/embedded/spawn';

const N = Number(process.env.VIGIL_CRASH_DOCS ?? 2000);
const ROOT = findRepoRoot();
const CLI = path.join(ROOT, 'dist/bin/vigil.js');

const settings = {
  transitions: { update_clinics: true, default_responses: true, update_sent_by: true },
  default_responses: { start_date: '2018-01-01' },
  contact_types: [{ id: 'clinic' }, { id: 'person', person: true, parents: ['clinic'] }],
};

function startVigil(couchUrl: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [CLI, 'run', '--port', '0', '--batch-size', '100', ...args], {
    env: { ...process.env, COUCH_URL: couchUrl, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function infodocCount(couch: Couch): Promise<number> {
  const res = await couch.sentinel.list({ startkey: 'r', endkey: 'r\ufff0' });
  return res.rows.length;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('crash and resume', () => {
  let server: TestCouch;
  let db: string;
  afterAll(async () => {
    if (server && db) {
      await server.destroyDb(db);
      await server.destroyDb(`${db}-sentinel`);
    }
    await server?.stop();
  });

  it(`processes a ${N}-doc backlog exactly once across two kill -9`, async () => {
    server = await getTestCouch();
    db = server.uniqueDbName('crash');
    await server.createDb(db);
    await server.createDb(`${db}-sentinel`);
    const couch = connect(server.url, db);
    await couch.medic.insert({ _id: 'settings', settings } as any);
    const contacts: any[] = [{ _id: 'clinic', type: 'clinic', name: 'Clinic' }];
    for (let i = 0; i < 50; i++) contacts.push({ _id: `chw${i}`, type: 'person', name: `CHW ${i}`, phone: `+25471100${String(i).padStart(4, '0')}`, parent: { _id: 'clinic' } });
    await couch.medic.bulk({ docs: contacts });
    const reports = Array.from({ length: N }, (_, i) => ({
      _id: `r${String(i).padStart(5, '0')}`,
      type: 'data_record',
      from: `+25471100${String(i % 50).padStart(4, '0')}`,
      reported_date: Date.now(),
      sms_message: { message: `hello ${i}` },
    }));
    for (let i = 0; i < N; i += 1000) await couch.medic.bulk({ docs: reports.slice(i, i + 1000) });
    const couchUrl = `${server.url}/${db}`;

    for (const share of [0.25, 0.6]) {
      const child = startVigil(couchUrl);
      const done = exited(child);
      await waitFor(async () => (await infodocCount(couch)) >= N * share, 240_000);
      child.kill('SIGKILL');
      await done;
    }
    const last = startVigil(couchUrl, ['--once']);
    expect(await exited(last)).toBe(0);

    const docs = await couch.medic.list({ startkey: 'r', endkey: 'r\ufff0', include_docs: true });
    expect(docs.rows).toHaveLength(N);
    const infos = await couch.sentinel.list({ startkey: 'r', endkey: 'r\ufff0', include_docs: true });
    const infoById = new Map(infos.rows.map((r: any) => [r.doc.doc_id, r.doc]));
    const problems: string[] = [];
    for (const row of docs.rows as any[]) {
      const doc = row.doc;
      const info: any = infoById.get(doc._id);
      if (doc.tasks?.length !== 1) problems.push(`${doc._id}: ${doc.tasks?.length ?? 0} tasks`);
      if (!doc._rev.startsWith('2-')) problems.push(`${doc._id}: saved ${doc._rev}`);
      if (!doc.contact || !doc.sent_by) problems.push(`${doc._id}: contact/sent_by missing`);
      if (!info) problems.push(`${doc._id}: no infodoc`);
      else {
        if (info.vigil_pending) problems.push(`${doc._id}: intent left`);
        const names = Object.keys(info.transitions ?? {}).sort().join(',');
        if (names !== 'default_responses,update_clinics,update_sent_by') problems.push(`${doc._id}: recorded ${names}`);
        for (const t of Object.values<any>(info.transitions ?? {})) if (!t.last_rev.startsWith('1-')) problems.push(`${doc._id}: ran on ${t.last_rev}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  }, 600_000);
});
