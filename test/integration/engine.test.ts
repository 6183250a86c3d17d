/**
 * The engine end to end on a real CouchDB-compatible server: feed, runner, commit, infodocs,
 * checkpoint, crash recovery, dead letters, config reload.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { readCheckpoint, CHECKPOINT_ID } from '../../lib/feed/checkpoint';
import { listDeadLetters } from '../../lib/runner/dead-letter';
import type { Transition } from '../../lib/types';
import { registerUpdateOp } from '../../lib/runner/update-ops';

const SETTINGS = {
  transitions: { update_clinics: true, default_responses: true, update_sent_by: true },
  default_responses: { start_date: '2018-01-01' },
};
const CONTACTS = [
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: { _id: 'hc' } },
  { _id: 'hc', type: 'health_center', name: 'HC' },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+254711000001', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
];
const sms = (id: string, extra: object = {}) => ({
  _id: id,
  type: 'data_record',
  from: '+254711000001',
  reported_date: Date.parse('2025-03-05T09:00:00.000Z'),
  sms_message: { message: 'hello' },
  ...extra,
});

describe('engine', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  it('attaches the contact, replies, records the transitions and checkpoints', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert(sms('r1') as any);
    const res = await f.engine.drain();
    expect(res.processed).toBeGreaterThanOrEqual(1);

    const doc = await f.couch.medic.get('r1');
    expect(doc.contact).toEqual({ _id: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc' } } });
    expect(doc.sent_by).toBe('Jane');
    expect(doc.tasks).toHaveLength(1);
    expect(doc.tasks[0].state).toBe('pending');
    expect(doc.tasks[0].messages[0].to).toBe('+254711000001');
    expect(doc.patient).toBeUndefined();

    const info = await f.couch.sentinel.get('r1-info');
    expect(Object.keys(info.transitions).sort()).toEqual(['default_responses', 'update_clinics', 'update_sent_by']);
    expect(info.transitions.update_clinics).toMatchObject({ last_rev: expect.stringMatching(/^1-/), ok: true });
    expect(info.vigil_pending).toBeUndefined();
    expect(await readCheckpoint(f.couch.sentinel, CHECKPOINT_ID)).toBe(res.lastSeq);
    const metrics = await f.engine.metrics.registry.metrics();
    expect(metrics).toMatch(/vigil_messages\{state="pending"\} 1/);
  });

  it('never runs a recorded transition again, across revisions and restarts', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert(sms('r1') as any);
    await f.engine.drain();
    const doc = await f.couch.medic.get('r1');
    await f.couch.medic.insert({ ...doc, edited: true });
    const restarted = f.newEngine();
    await restarted.init();
    await restarted.drain();
    const after = await f.couch.medic.get('r1');
    expect(after.tasks).toHaveLength(1);
    expect(after.edited).toBe(true);
  });

  it('gives docs nothing applies to an infodoc with transitions {} and does not save them', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert({ _id: 'p1', type: 'person', name: 'Nobody' } as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('p1'))._rev).toMatch(/^1-/);
    expect((await f.couch.sentinel.get('p1-info')).transitions).toEqual({});
  });

  it('finishes an interrupted commit from its intent instead of re-running transitions', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert(sms('r1') as any);
    await f.engine.drain();
    // Simulate a crash after the doc save but before the infodoc was finalised: put the recorded
    // transitions back into an intent, as they were just before the save.
    const info = await f.couch.sentinel.get('r1-info');
    const doc = await f.couch.medic.get('r1');
    const { createHash } = await import('node:crypto');
    const { bodyHash } = await import('../../lib/runner/process-docs');
    expect(typeof createHash).toBe('function');
    await f.couch.sentinel.insert({
      ...info,
      transitions: {},
      vigil_pending: { from_rev: info.transitions.update_clinics.last_rev, transitions: info.transitions, effects: [], created: 'x', doc_hash: bodyHash(doc) },
    });
    await f.couch.medic.insert({ ...doc }); // a new revision makes the doc come round the feed again
    const restarted = f.newEngine();
    await restarted.init();
    await restarted.drain();
    const after = await f.couch.medic.get('r1');
    expect(after.tasks).toHaveLength(1);
    const recovered = await f.couch.sentinel.get('r1-info');
    expect(Object.keys(recovered.transitions).sort()).toEqual(['default_responses', 'update_clinics', 'update_sent_by']);
    expect(recovered.vigil_pending).toBeUndefined();
  });

  it('drops an intent whose save never landed and runs the transitions', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    const { rev } = await f.couch.medic.insert(sms('r1') as any);
    await f.couch.sentinel.insert({
      _id: 'r1-info', type: 'info', doc_id: 'r1',
      vigil_pending: { from_rev: rev, transitions: { default_responses: { last_rev: rev, seq: '1', ok: true, run_date: 'x' } }, effects: [], created: 'x', doc_hash: 'nope' },
    } as any);
    await f.engine.drain();
    const after = await f.couch.medic.get('r1');
    expect(after.tasks).toHaveLength(1);
    const info = await f.couch.sentinel.get('r1-info');
    expect(info.vigil_pending).toBeUndefined();
    expect(info.transitions.default_responses.last_rev).toBe(rev);
  });

  it('retries a failing change, dead-letters it, moves on, and replays it later', async () => {
    const flaky: Transition = {
      name: 'update_sent_by',
      sections: [],
      filter: ({ doc }) => doc.type === 'data_record' && !doc.flaky_done,
      onMatch: async ({ doc }) => {
        doc.flaky_done = true;
        // An effect that fails until its op exists: the commit fails after the doc save.
        return { changed: true, effects: [{ kind: 'update', id: 'clinic', op: 'test:late-op', args: { touched: true } }] };
      },
    };
    f = await engineFixture({ transitions: { update_sent_by: true } }, { docs: CONTACTS, transitions: [flaky] });
    await f.couch.medic.bulk({ docs: [sms('bad'), { _id: 'other', type: 'person', name: 'x' }] });
    const res = await f.engine.drain();
    // The failed commit's own revision comes round the feed and fails again: one record, more attempts.
    expect(res.deadLettered).toBeGreaterThanOrEqual(1);
    const letters = await listDeadLetters(f.couch.sentinel);
    expect(letters.map((l) => l.doc_id)).toEqual(['bad']);
    expect(letters[0].error).toMatch(/unknown update op "test:late-op"/);
    expect(letters[0].attempts).toBeGreaterThanOrEqual(5);
    expect((await f.couch.sentinel.get('other-info')).transitions).toEqual({});

    // The operator fixes the cause; the intent of the failed commit is still there and a replay finishes it.
    registerUpdateOp('test:late-op', (doc, args) => (doc.touched ? null : { ...doc, ...args }));
    const replay = await f.engine.reprocess(['bad']);
    expect(replay.failed).toEqual([]);
    expect(await listDeadLetters(f.couch.sentinel)).toEqual([]);
    expect((await f.couch.sentinel.get('bad-info')).transitions.update_sent_by.ok).toBe(true);
    expect((await f.couch.medic.get('clinic')).touched).toBe(true);
  }, 120_000);

  it('turns a transition exception into an errors entry and saves the other results', async () => {
    const throwing: Transition = {
      name: 'update_sent_by',
      sections: [],
      filter: () => true,
      onMatch: async () => {
        throw new Error('kaput');
      },
    };
    const marker: Transition = { name: 'resolve_pending', sections: [], filter: ({ doc }) => !doc.marked, onMatch: async ({ doc }) => ((doc.marked = true), { changed: true }) };
    f = await engineFixture({ transitions: { update_sent_by: true, resolve_pending: true } }, { transitions: [throwing, marker] });
    await f.couch.medic.insert({ _id: 'x', type: 'data_record' } as any);
    await f.engine.drain();
    const doc = await f.couch.medic.get('x');
    expect(doc.marked).toBe(true);
    expect(doc.errors).toEqual([{ code: 'update_sent_by_error', message: 'Transition error on update_sent_by: kaput' }]);
  });

  it('reloads settings when the settings doc changes, and keeps good transitions when one section is broken', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    const settingsDoc = await f.couch.medic.get('settings');
    settingsDoc.settings.transitions.self_report = true;
    settingsDoc.settings.self_report = 'not a list';
    settingsDoc.settings.transitions.no_such_transition = true;
    await f.couch.medic.insert(settingsDoc);
    await f.couch.medic.insert(sms('r2') as any);
    await f.engine.drain();
    expect(f.engine.config.transitions.map((t) => t.name)).toEqual(['update_clinics', 'default_responses', 'update_sent_by']);
    expect(f.engine.config.disabled.map((d) => d.name)).toContain('self_report');
    expect(f.engine.config.unknown).toEqual(['no_such_transition']);
    const health = f.engine.health();
    expect(health.disabled_transitions?.find((d) => d.name === 'self_report')?.problems[0].path).toMatch(/^\$\.self_report/);
    expect((await f.couch.medic.get('r2')).tasks).toHaveLength(1);
  });

  it('keeps the duplicate-message guard across a restart', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.bulk({ docs: [1, 2, 3, 4, 5].map((i) => sms(`d${i}`)) });
    await f.engine.drain();
    const restarted = f.newEngine();
    await restarted.init();
    await f.couch.medic.insert(sms('d6') as any);
    await restarted.drain();
    const states = await Promise.all([1, 2, 3, 4, 5, 6].map(async (i) => (await f.couch.medic.get(`d${i}`)).tasks[0].state));
    expect(states).toEqual(['pending', 'pending', 'pending', 'pending', 'pending', 'duplicate']);
  });

  it('follows the feed live and stops cleanly with the checkpoint written', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.engine.start();
    await f.couch.medic.insert(sms('live') as any);
    const deadline = Date.now() + 20_000;
    let doc: any;
    while (Date.now() < deadline) {
      doc = await f.couch.medic.get('live');
      if (doc.tasks) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(doc.tasks).toHaveLength(1);
    await f.engine.stop();
    expect(f.engine.health().feed?.state).toBe('stopped');
    expect(await readCheckpoint(f.couch.sentinel, CHECKPOINT_ID)).not.toBe('0');
  });
});
