/**
 * The report branch and the replay of offline events on plain objects: in-memory lookups, the real
 * message layer, and the effects applied in order the way the runner applies them.
 */
import { DuplicateGuard } from '../../../lib/messages/duplicates';
import { createMessaging } from '../../../lib/messages/messaging';
import { OPS } from '../../../lib/muting/ops';
import { processMutingReport } from '../../../lib/muting/report';
import { replayEvents, type ReplayEnv } from '../../../lib/muting/replay';
import { replayQueue } from '../../../lib/muting/history';
import { getUpdateOp } from '../../../lib/runner/update-ops';
import { hydrateDocs } from '../../../lib/runner/hydrate';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Effect, Settings } from '../../../lib/types';
import { NOW } from './fixtures';

const SETTINGS: Settings = {
  contact_types: [{ id: 'clinic' }, { id: 'person', parents: ['clinic'], person: true }],
  muting: {
    mute_forms: ['mute'],
    unmute_forms: ['unmute'],
    messages: [
      { event_type: 'mute', recipient: '+15550000', message: 'muted {{patient.name}}{{place.name}}' },
      { event_type: 'unmute', recipient: '+15550000', message: 'unmuted {{patient.name}}{{place.name}}' },
      { event_type: 'already_unmuted', recipient: '+15550000', message: 'already unmuted' },
    ],
  },
};

function setup(docs: Doc[]) {
  const lookups = new MemoryLookups(docs);
  const clock = new ManualClock(Date.parse(NOW));
  const messaging = createMessaging({ settings: SETTINGS, translations: {}, clock, duplicates: new DuplicateGuard() });
  const env: ReplayEnv = {
    settings: SETTINGS,
    lookups,
    messaging,
    subjectIdsOf: (c) => [c._id, c.patient_id, c.place_id].filter(Boolean),
    registrationsOf: async () => [],
    validate: async () => [],
    isRelevantReport: (doc) => ['mute', 'unmute'].includes(doc.form),
  };
  const sentinel = new Map<string, Doc>();
  /** what the runner does after the save: each effect on the fresh doc, in order */
  const apply = async (effects: Effect[]) => {
    for (const e of effects) {
      if (e.kind !== 'update') continue;
      const fresh = e.db === 'sentinel' ? sentinel.get(e.id) ?? { _id: e.id } : await lookups.getDoc(e.id);
      if (!fresh) continue;
      const next = getUpdateOp(e.op)(structuredClone(fresh), e.args, NOW);
      if (next) (e.db === 'sentinel' ? sentinel.set(e.id, next) : lookups.put(next));
    }
  };
  const report = async (doc: Doc) => (await hydrateDocs([doc], lookups))[0];
  return { lookups, env, sentinel, apply, report };
}

const run = (doc: Doc, projected = new Map<string, Doc>()) => ({ doc, hasRun: false, skipReplay: false, timestamp: NOW, notBefore: 0, projected });
const texts = (doc: Doc) => (doc.tasks ?? []).map((t: any) => t.messages[0].message);

describe('processMutingReport', () => {
  it('mutes the subject tree and adds the mute message', async () => {
    const s = setup([
      { _id: 'clinic', type: 'clinic', name: 'C' },
      { _id: 'p', type: 'person', name: 'P', parent: { _id: 'clinic' } },
    ]);
    const doc = await s.report({ _id: 'r', type: 'data_record', form: 'mute', fields: { place_id: 'clinic' } });
    const out = await processMutingReport(s.env, run(doc));
    await s.apply(out.effects);
    expect((await s.lookups.getDoc('clinic'))?.muted).toBe(NOW);
    expect((await s.lookups.getDoc('p'))?.muted).toBe(NOW);
    expect(texts(doc)).toEqual(['muted C']);
    expect(out.replay).toEqual([]);
  });

  it('only the subject\'s own flag decides "already": a person under a muted place can still be muted', async () => {
    const s = setup([
      { _id: 'clinic', type: 'clinic', name: 'C', muted: NOW },
      { _id: 'p', type: 'person', name: 'P', patient_id: '123', parent: { _id: 'clinic' } },
    ]);
    const unmuted = await s.report({ _id: 'r1', type: 'data_record', form: 'unmute', fields: { patient_id: '123' } });
    expect((await processMutingReport(s.env, run(unmuted))).effects).toEqual([]);
    expect(texts(unmuted)).toEqual(['already unmuted']);

    const muted = await s.report({ _id: 'r2', type: 'data_record', form: 'mute', fields: { patient_id: '123' } });
    const out = await processMutingReport(s.env, run(muted));
    expect(out.effects.filter((e: any) => e.op === OPS.contact).map((e: any) => e.id)).toEqual(['p']);
  });

  it('uses the configured contact_not_found text as the error', async () => {
    const s = setup([]);
    s.env.settings = { ...SETTINGS, muting: { ...SETTINGS.muting, messages: [{ event_type: 'contact_not_found', recipient: '+1555', message: 'who?' }] } };
    const doc = await s.report({ _id: 'r', type: 'data_record', form: 'mute', fields: { patient_id: 'x' } });
    await processMutingReport(s.env, run(doc));
    expect(doc.errors).toEqual([{ code: 'invalid_report', message: 'who?' }]);
  });
});

describe('replayEvents (offline history reaching the server out of order, MUT-15)', () => {
  const history = {
    last_update: 'client_side',
    client_side: [
      { report_id: 'mutes_clinic', muted: true, date: 1000 },
      { report_id: 'unmutes_person', muted: false, date: 2000 },
      { report_id: 'mutes_clinic', muted: true, date: 4000 },
    ],
  };
  const contacts = (): Doc[] => [
    { _id: 'clinic', type: 'clinic', place_id: 'the_clinic', muting_history: structuredClone(history) },
    { _id: 'person', type: 'person', patient_id: 'the_person', parent: { _id: 'clinic' }, muting_history: structuredClone(history) },
  ];
  const unmutesPerson = { _id: 'unmutes_person', _rev: '1-a', type: 'data_record', form: 'unmute', fields: { patient_id: 'the_person' }, client_side_transitions: { muting: true } };
  const mutesClinic = { _id: 'mutes_clinic', type: 'data_record', form: 'mute', fields: { place_id: 'the_clinic' }, client_side_transitions: { muting: true } };

  it('replays the later events in order, each seeing the state the previous ones leave, without looping', async () => {
    const s = setup([...contacts(), unmutesPerson]);
    const doc = await s.report(mutesClinic);
    const projected = new Map<string, Doc>();
    const out = await processMutingReport(s.env, run(doc, projected));
    expect(replayQueue(out.replay)).toEqual(['unmutes_person', 'mutes_clinic']);

    const replayed = await replayEvents(s.env, { queue: replayQueue(out.replay), current: doc, timestamp: NOW, notBefore: 0, projected });
    // unmutes_person unmutes from the clinic (its topmost muted ancestor) down; mutes_clinic mutes both again
    const contactOps = replayed.filter((e: any) => e.op === OPS.contact).map((e: any) => [e.id, (e.args as any).muted]);
    expect(contactOps).toEqual([
      ['clinic', false],
      ['person', false],
      ['clinic', NOW],
      ['person', NOW],
    ]);
    await s.apply([...out.effects, ...replayed]);
    expect((await s.lookups.getDoc('clinic'))?.muted).toBe(NOW);
    expect((await s.lookups.getDoc('person'))?.muted).toBe(NOW);
    expect(s.sentinel.get('person-info')?.muting_history.map((h: any) => [h.report_id, h.muted])).toEqual([
      ['mutes_clinic', true],
      ['unmutes_person', false],
      ['mutes_clinic', true],
    ]);

    // the replayed report gets its message and is recorded as run; the current one keeps its own once
    expect(texts((await s.lookups.getDoc('unmutes_person')) as Doc)).toEqual(['unmuted ']);
    expect(s.sentinel.get('unmutes_person-info')?.transitions.muting).toMatchObject({ last_rev: '1-a', ok: true });
    expect(texts(doc)).toEqual(['muted ']);
    expect(replayed.filter((e: any) => e.id.startsWith('mutes_clinic'))).toEqual([]); // the runner saves and records it
  });

  it('a replayed report collects nothing to replay further', async () => {
    const s = setup([...contacts(), unmutesPerson]);
    const doc = await s.report(mutesClinic);
    const out = await processMutingReport(s.env, { ...run(doc), skipReplay: true });
    expect(out.effects.length).toBeGreaterThan(0);
    expect(out.replay).toEqual([]);
  });

  it('skips reports that are not there yet', async () => {
    const s = setup(contacts());
    const doc = await s.report(mutesClinic);
    const projected = new Map<string, Doc>();
    const out = await processMutingReport(s.env, run(doc, projected));
    const replayed = await replayEvents(s.env, { queue: ['unmutes_person'], current: doc, timestamp: NOW, notBefore: 0, projected });
    expect(replayed).toEqual([]);
    expect(out.effects.length).toBeGreaterThan(0);
  });
});
