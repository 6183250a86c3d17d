/**
 * Outbound pushes end to end on a real CouchDB-compatible server, with a loopback HTTP destination:
 * mark_for_outbound queues, the outbound job delivers exactly once, backs off, recovers, dead-letters.
 * The assertions hold whether or not the engine sends new pushes by itself right after a drain (the
 * outbox signal): each test runs the job as a scheduler tick would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { listDeadLetters } from '../../lib/runner/dead-letter';
import { outboxTarget } from '../../lib/outbound/notifier';
import { OutboundTrigger } from '../../lib/outbound/trigger';
import { createLookups } from '../../lib/runner/lookups';
import { createLogger } from '../../lib/log';
import { sendNewPushes } from '../../schedules/outbound';
import { Vault } from '../../lib/secrets/vault';

interface Received {
  path: string;
  body: any;
  status: number;
  authorization?: string;
}

/** A destination whose status per path can change during a test. */
class Destination {
  readonly received: Received[] = [];
  status: Record<string, number> = {};
  private server?: Server;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const status = this.status[path] ?? 200;
        this.received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), status, authorization: req.headers.authorization });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { ok: true } : { error: 'down for maintenance' }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  delivered(path: string): Received[] {
    return this.received.filter((r) => r.path === path && r.status < 300);
  }
}

const DAY = 24 * 3600_000;

describe('outbound', () => {
  let f: EngineFixture | undefined;
  const dest = new Destination();

  beforeAll(() => dest.start());
  afterAll(async () => {
    await dest.stop();
    await f?.server.stop();
  });
  afterEach(async () => {
    await f?.cleanup();
    dest.received.length = 0;
    dest.status = {};
  });

  const settings = (extra: Record<string, unknown> = {}) => ({
    transitions: { mark_for_outbound: true },
    outbound: {
      dhis: {
        relevant_to: "doc.type === 'data_record' && doc.form === 'visit'",
        destination: { base_url: dest.base, path: '/dhis' },
        mapping: { id: 'doc._id', visited: 'doc.fields.visited' },
        retry: { max_attempts: 3, initial_delay_seconds: 60 },
        ...extra,
      },
    },
  });
  const report = (id: string, visited = 'yes') => ({ _id: id, type: 'data_record', form: 'visit', fields: { visited } });
  const sentinelDoc = (id: string) => f!.couch.sentinel.get(id).catch((err: any) => (err.statusCode === 404 ? undefined : Promise.reject(err)));

  /** edit the doc, transition the new revision, run the sender */
  async function edit(id: string, change: (doc: any) => void): Promise<void> {
    const doc = await f!.couch.medic.get(id);
    change(doc);
    await f!.couch.medic.insert(doc);
    await f!.engine.drain();
    await f!.engine.runJob('outbound');
  }

  it('queues a relevant doc in the outbox, pushes it exactly once, and records it', async () => {
    f = await engineFixture(settings());
    dest.status['/dhis'] = 503; // keeps the task in the outbox, whoever tries first
    await f.couch.medic.bulk({ docs: [report('r1'), { _id: 'other', type: 'data_record', form: 'x' }] });
    await f.engine.drain();
    expect(await sentinelDoc('task:outbound:r1')).toMatchObject({ _id: 'task:outbound:r1', type: 'task:outbound', doc_id: 'r1', queue: ['dhis'], created: f.clock.nowMs() });
    expect(await sentinelDoc('task:outbound:other')).toBeUndefined();

    dest.status['/dhis'] = 200;
    dest.received.length = 0;
    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    await f.engine.runJob('outbound');
    await f.engine.drain();
    expect(dest.received.map((r) => r.body)).toEqual([{ id: 'r1', visited: 'yes' }]);
    expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();
    const info = await sentinelDoc('r1-info');
    expect(info.completed_tasks).toEqual([{ type: 'outbound', name: 'dhis', timestamp: f.clock.nowMs(), hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await f.couch.medic.get('r1'))._rev).toMatch(/^1-/);
  });

  it('does not push again a payload already delivered (a run stopped between delivery and dequeue)', async () => {
    f = await engineFixture(settings());
    await f.couch.medic.insert(report('r1') as any);
    await f.engine.drain();
    await f.engine.runJob('outbound');
    await f.couch.sentinel.insert({ _id: 'task:outbound:r1', type: 'task:outbound', created: 1, doc_id: 'r1', queue: ['dhis'] });
    await f.engine.runJob('outbound');
    expect(dest.received).toHaveLength(1);
    expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();
    expect((await sentinelDoc('r1-info')).completed_tasks).toHaveLength(1);
  });

  it('pushes again when an edit changes the payload, not when it does not', async () => {
    f = await engineFixture(settings());
    await f.couch.medic.insert(report('r1') as any);
    await f.engine.drain();
    await f.engine.runJob('outbound');
    await edit('r1', (d) => (d.unmapped = 'changed'));
    expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();
    expect(dest.received).toHaveLength(1);
    await edit('r1', (d) => (d.fields.visited = 'no'));
    expect(dest.received.map((r) => r.body)).toEqual([
      { id: 'r1', visited: 'yes' },
      { id: 'r1', visited: 'no' },
    ]);
    expect((await sentinelDoc('r1-info')).completed_tasks).toHaveLength(2);
  });

  it('delivers every push exactly once when the destination fails for a while, backing off in between', async () => {
    f = await engineFixture(settings({ retry: { max_attempts: 5, initial_delay_seconds: 60 } }));
    dest.status['/dhis'] = 503;
    await f.couch.medic.bulk({ docs: [report('r1'), report('r2')] });
    await f.engine.drain();
    // the first failure is retried at the next run (two runs if nothing sent it after the drain)
    for (let i = 0; i < 2 && (await sentinelDoc('task:outbound:r1')).attempts?.dhis !== 2; i++) await f.engine.runJob('outbound');
    expect(dest.received).toHaveLength(4);
    const task = await sentinelDoc('task:outbound:r1');
    expect(task).toMatchObject({ queue: ['dhis'], last_error: { dhis: expect.stringMatching(/responded with 503/) } });
    expect(task.attempts).toEqual({ dhis: 2 });
    expect(task.next_attempt.dhis).toBeGreaterThan(f.clock.nowMs());

    await f.engine.runJob('outbound'); // now backing off: nothing sent
    expect(dest.received).toHaveLength(4);

    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    expect(dest.received).toHaveLength(6);
    expect((await sentinelDoc('task:outbound:r2')).attempts).toEqual({ dhis: 3 });

    dest.status['/dhis'] = 200;
    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    await f.engine.drain();
    expect(dest.delivered('/dhis').map((r) => r.body.id).sort()).toEqual(['r1', 'r2']);
    expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();
    expect(await sentinelDoc('task:outbound:r2')).toBeUndefined();
  });

  it('dead-letters a key after its attempt limit, with the payload and the last error', async () => {
    f = await engineFixture(settings({ retry: { max_attempts: 2, initial_delay_seconds: 1 } }));
    dest.status['/dhis'] = 500;
    await f.couch.medic.insert(report('r1') as any);
    await f.engine.drain();
    await f.engine.runJob('outbound');
    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    expect(dest.received).toHaveLength(2);
    expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();
    const letter = await sentinelDoc('vigil:dead-letter:outbound:r1:dhis');
    expect(letter).toMatchObject({
      type: 'vigil:dead-letter',
      kind: 'outbound',
      doc_id: 'r1',
      name: 'dhis',
      url: `${dest.base}/dhis`,
      payload: { id: 'r1', visited: 'yes' },
      attempts: 2,
      error: expect.stringMatching(/responded with 500.*down for maintenance/),
    });
    expect((await listDeadLetters(f.couch.sentinel)).map((l) => l._id)).toContain('vigil:dead-letter:outbound:r1:dhis');
  });

  it('adds keys to an existing task, removes exactly the delivered one, drops keys of deleted configs', async () => {
    const base = settings();
    const s = { ...base, outbound: { ...base.outbound, broken: { relevant_to: 'true', destination: { base_url: dest.base, path: '/broken' }, mapping: { id: 'doc._id' } } } };
    f = await engineFixture(s);
    dest.status['/broken'] = 500;
    dest.status['/dhis'] = 500;
    await f.couch.medic.insert({ ...report('r1'), fields: {} } as any); // dhis: mapping fails (no visited)
    await f.engine.drain();
    expect((await sentinelDoc('task:outbound:r1')).queue).toEqual(['dhis', 'broken']);
    await f.engine.runJob('outbound');
    dest.status['/dhis'] = 200;
    f.clock.advance(DAY);
    await edit('r1', (d) => (d.fields.visited = 'yes'));
    expect((await sentinelDoc('task:outbound:r1')).queue).toEqual(['broken']);

    const doc = await f.couch.medic.get('settings');
    delete doc.settings.outbound.broken;
    await f.couch.medic.insert(doc);
    await f.engine.reloadConfig();
    f.clock.advance(DAY);
    await f.engine.runJob('outbound');
    expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();
  });

  it('drops the task of a deleted doc, and waits for a cron window', async () => {
    f = await engineFixture(settings({ cron: '0 22 * * *' }));
    await f.couch.medic.bulk({ docs: [report('r1'), report('gone')] });
    await f.engine.drain();
    const gone = await f.couch.medic.get('gone');
    await f.couch.medic.destroy('gone', gone._rev);
    await f.engine.runJob('outbound'); // 10:00: not due
    expect(dest.received).toHaveLength(0);
    expect(await sentinelDoc('task:outbound:gone')).toBeUndefined();
    expect((await sentinelDoc('task:outbound:r1')).queue).toEqual(['dhis']);
    f.clock.set('2025-03-05T22:03:00.000Z');
    await f.engine.runJob('outbound');
    expect(dest.received.map((r) => r.body.id)).toEqual(['r1']);
  });

  it('sends new pushes right after the commit when the outbox signal is wired, leaving retries to the ticks', async () => {
    f = await engineFixture(settings());
    const fixture = f;
    const ctx = () => ({ couch: fixture.couch, config: fixture.engine.config, lookups: createLookups(fixture.couch), logger: createLogger({ silent: true }) });
    const trigger = new OutboundTrigger(outboxTarget(f.couch), (ids) => sendNewPushes(ctx(), ids));
    try {
      await f.couch.medic.insert(report('r1') as any);
      await f.engine.drain();
      await trigger.idle();
      expect(dest.received.map((r) => r.body.id)).toEqual(['r1']);
      expect(await sentinelDoc('task:outbound:r1')).toBeUndefined();

      dest.status['/dhis'] = 500;
      const doc = await f.couch.medic.get('r1');
      await f.couch.medic.insert({ ...doc, fields: { visited: 'no' } });
      await f.engine.drain();
      await trigger.idle();
      expect((await sentinelDoc('task:outbound:r1')).attempts).toEqual({ dhis: 1 }); // the edit's push failed once...
      const sent = dest.received.length;
      // ...and later signals (another edit of the same doc, another doc) do not retry it: that is the ticks' job
      const again = await f.couch.medic.get('r1');
      await f.couch.medic.bulk({ docs: [{ ...again, fields: { visited: 'maybe' } }, report('r2')] });
      await f.engine.drain();
      await trigger.idle();
      expect((await sentinelDoc('task:outbound:r1')).attempts).toEqual({ dhis: 1 });
      expect(dest.received.slice(sent).map((r) => r.body.id)).toEqual(['r2']);
      await f.engine.runJob('outbound'); // the tick retries it
      expect((await sentinelDoc('task:outbound:r1')).attempts).toEqual({ dhis: 2 });
    } finally {
      trigger.close();
    }
  });

  it('authenticates with a credential from the vault, which never appears in the settings', async () => {
    const previous = process.env.VIGIL_SECRET_KEY;
    process.env.VIGIL_SECRET_KEY = 'test-encryption-key';
    try {
      f = await engineFixture(settings({ destination: { base_url: dest.base, path: '/dhis', auth: { type: 'basic', username: 'cht', password_key: 'dhis-pass' } } }));
      await f.server.createDb(`${f.couch.medicName}-vault`);
      await new Vault(f.couch).set('dhis-pass', 'hunter2');
      await f.couch.medic.insert(report('r1') as any);
      await f.engine.drain();
      await f.engine.runJob('outbound');
      expect(dest.received[0].authorization).toBe(`Basic ${Buffer.from('cht:hunter2').toString('base64')}`);
    } finally {
      if (previous === undefined) delete process.env.VIGIL_SECRET_KEY;
      else process.env.VIGIL_SECRET_KEY = previous;
      if (f) await f.server.destroyDb(`${f.couch.medicName}-vault`);
    }
  });
});
