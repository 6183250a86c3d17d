/** The command line as an operator uses it: check, standalone run with /readyz, SIGTERM, --once. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findRepoRoot } from '../../lib/embedded/spawn';
import { getTestCouch } from '../helpers/couch';
import { connect } from '../../lib/couch/client';

const ROOT = findRepoRoot();
const CLI = path.join(ROOT, 'dist/bin/vigil.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));

function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${ms} ms:\n${buffer.slice(-2000)}`)), ms);
    child.stderr!.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
  });
}

describe('vigil check', () => {
  it('names every problem with its JSON path and exits 1', () => {
    const dir = tmp();
    const file = path.join(dir, 'app_settings.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        transitions: { update_clinics: true, update_clinic: true },
        registrations: [{ form: 'P', events: [{ name: 'on_create', trigger: 'add_pateint' }] }],
        schedule_morning_hours: 25,
      }),
    );
    const res = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('$.transitions.update_clinic');
    expect(res.stdout).toContain('$.registrations[0].events[0].trigger');
    expect(res.stdout).toContain('$.schedule_morning_hours');
  });

  it('accepts the shipped app_settings.json', () => {
    const res = spawnSync(process.execPath, [CLI, 'check', path.join(ROOT, 'app_settings.json')], { encoding: 'utf8' });
    expect(res.stdout).toMatch(/: ok$/m);
    expect(res.status).toBe(0);
  });

  it('reports a JSON syntax error with its position', () => {
    const file = path.join(tmp(), 'bad.json');
    fs.writeFileSync(file, '{\n  "transitions": {,\n}');
    const res = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/bad\.json:2:19: invalid JSON/);
  });
});

describe('vigil run (standalone)', () => {
  it('starts the embedded server, answers /readyz, transitions a report, and stops on SIGTERM with exit 0', async () => {
    const dir = tmp();
    fs.copyFileSync(path.join(ROOT, 'app_settings.json'), path.join(dir, 'app_settings.json'));
    const child = spawn(process.execPath, [CLI, 'run', '--port', '0', '--data', path.join(dir, 'data')], {
      cwd: dir,
      env: { ...process.env, COUCH_URL: '', VIGIL_COUCH_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const couchLine = await waitForLine(child, /embedded couch started/, 30_000);
      const opsLine = await waitForLine(child, /ops server listening/, 30_000);
      const couchPort = JSON.parse(couchLine).port;
      const opsPort = JSON.parse(opsLine).port;
      let ready = 0;
      for (let i = 0; i < 100 && ready !== 200; i++) {
        ready = (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);

      const couch = connect(`http://admin:vigil@127.0.0.1:${couchPort}`, 'medic');
      await couch.medic.bulk({ docs: [
        { _id: 'clinic-1', type: 'clinic', name: 'Clinic 1' },
        { _id: 'chw-1', type: 'person', name: 'Wanjiru', phone: '+254712345678', parent: { _id: 'clinic-1' } },
        { _id: 'sms-1', type: 'data_record', from: '+254712345678', reported_date: Date.now(), sms_message: { message: 'hello' } },
      ] });
      let doc: any;
      for (let i = 0; i < 100; i++) {
        doc = await couch.medic.get('sms-1');
        if (doc.tasks) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(doc.contact._id).toBe('chw-1');
      expect(doc.tasks[0].state).toBe('pending');
      const metrics = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
      expect(metrics).toMatch(/vigil_changes_processed_total\{outcome="ok"\} [1-9]/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  }, 90_000);

  it('--once drains a database given by COUCH_URL and exits 0', async () => {
    const server = await getTestCouch();
    const db = server.uniqueDbName('once');
    await server.createDb(db);
    const couch = connect(server.url, db);
    await couch.medic.bulk({ docs: [
      { _id: 'settings', settings: { transitions: { default_responses: true }, default_responses: { start_date: '2020-01-01' } } },
      { _id: 'm1', type: 'data_record', from: '+254712345678', reported_date: Date.now() },
    ] });
    const res = spawnSync(process.execPath, [CLI, 'run', '--once'], { env: { ...process.env, COUCH_URL: `${server.url}/${db}`, LOG_LEVEL: 'error' }, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect((await couch.medic.get('m1')).tasks).toHaveLength(1);
    await server.destroyDb(db);
    await server.destroyDb(`${db}-sentinel`);
    await server.stop();
  }, 60_000);
});
