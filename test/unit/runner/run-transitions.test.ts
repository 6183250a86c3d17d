import { runTransitions } from '../../../lib/runner/run-transitions';
import { mergeInfodoc, ranOnSameRev, revGeneration } from '../../../lib/runner/infodoc';
import { ManualClock } from '../../../lib/time/clock';
import type { InfoDoc, Transition, TransitionContext } from '../../../lib/types';

const clock = new ManualClock(Date.parse('2025-03-05T10:00:00.000Z'));

function ctxFor(doc: any, info: Partial<InfoDoc> = {}): TransitionContext {
  return {
    doc,
    info: { _id: `${doc._id}-info`, type: 'info', doc_id: doc._id, ...info },
    seq: '42',
    initialProcessing: !info.transitions,
    settings: {},
    translations: {},
    clock,
    lookups: {} as any,
    messaging: {} as any,
    expressions: {} as any,
  };
}

const t = (name: any, body: Partial<Transition>): Transition => ({ name, sections: [], filter: () => true, onMatch: async () => ({ changed: false }), ...body });

describe('runTransitions', () => {
  it('records only transitions that changed the doc, with CHT fields', async () => {
    const doc = { _id: 'r1', _rev: '1-a' };
    const res = await runTransitions(ctxFor(doc), [
      t('update_clinics', { onMatch: async (c) => ((c.doc.contact = { _id: 'c' }), { changed: true }) }),
      t('default_responses', {}),
    ], () => 0);
    expect(res.changed).toBe(true);
    expect(Object.keys(res.records)).toEqual(['update_clinics']);
    expect(res.records.update_clinics).toEqual({ last_rev: '1-a', seq: '42', ok: true, run_date: '2025-03-05T10:00:00.000Z' });
  });

  it('turns an exception into an errors entry and keeps running the others', async () => {
    const doc: any = { _id: 'r1', _rev: '1-a' };
    const res = await runTransitions(ctxFor(doc), [
      t('update_clinics', { onMatch: async () => { throw new Error('boom'); } }),
      t('default_responses', { onMatch: async (c) => ((c.doc.x = 1), { changed: true }) }),
    ], () => 0);
    expect(doc.errors).toEqual([{ code: 'update_clinics_error', message: 'Transition error on update_clinics: boom' }]);
    expect(Object.keys(res.records)).toEqual(['default_responses']);
    expect(res.outcomes.map((o) => o.outcome)).toEqual(['error', 'changed']);
  });

  it('records ok:false when the error says the doc changed', async () => {
    const doc: any = { _id: 'r1', _rev: '1-a' };
    const res = await runTransitions(ctxFor(doc), [
      t('update_clinics', { onMatch: async () => { throw Object.assign(new Error('half done'), { changed: true }); } }),
    ], () => 0);
    expect(res.changed).toBe(true);
    expect(res.records.update_clinics.ok).toBe(false);
  });

  it('treats a throwing filter as no match', async () => {
    const onMatch = jest.fn(async () => ({ changed: true }));
    const res = await runTransitions(ctxFor({ _id: 'r', _rev: '1-a' }), [t('update_clinics', { filter: () => { throw new Error('x'); }, onMatch })], () => 0);
    expect(onMatch).not.toHaveBeenCalled();
    expect(res.changed).toBe(false);
  });

  it('skips a transition recorded on the same revision generation', async () => {
    const onMatch = jest.fn(async () => ({ changed: true }));
    const info = { transitions: { update_clinics: { last_rev: '2-x', seq: '1', ok: true, run_date: '' } } };
    await runTransitions(ctxFor({ _id: 'r', _rev: '2-y' }, info), [t('update_clinics', { onMatch })], () => 0);
    expect(onMatch).not.toHaveBeenCalled();
    await runTransitions(ctxFor({ _id: 'r', _rev: '3-y' }, info), [t('update_clinics', { onMatch })], () => 0);
    expect(onMatch).toHaveBeenCalledTimes(1);
  });
});

describe('infodoc helpers', () => {
  it('reads revision generations', () => {
    expect(revGeneration('12-abc')).toBe(12);
    expect(revGeneration(undefined)).toBe(0);
  });
  it('consults legacy doc.transitions for the same-rev guard', () => {
    const info = { _id: 'a-info', type: 'info', doc_id: 'a' } as InfoDoc;
    expect(ranOnSameRev(info, { _id: 'a', _rev: '3-b', transitions: { muting: { last_rev: '3-a' } } }, 'muting')).toBe(true);
  });
  it('merges after a conflict keeping what other writers own', () => {
    const stored = {
      _id: 'a-info', _rev: '5-z', type: 'info', doc_id: 'a', initial_replication_date: '2024-01-01T00:00:00.000Z',
      transitions: { registration: { last_rev: '1-a', seq: '1', ok: true, run_date: 'x' } },
      completed_tasks: [{ type: 'outbound', name: 'x', timestamp: 1, hash: 'h' }],
    } as InfoDoc;
    const ours = { _id: 'a-info', _rev: '4-y', type: 'info', doc_id: 'a', initial_replication_date: 'unknown', transitions: { muting: { last_rev: '2-a', seq: '2', ok: true, run_date: 'y' } } } as InfoDoc;
    const merged = mergeInfodoc(stored, ours);
    expect(merged._rev).toBe('5-z');
    expect(merged.initial_replication_date).toBe('2024-01-01T00:00:00.000Z');
    expect(Object.keys(merged.transitions!).sort()).toEqual(['muting', 'registration']);
    expect(merged.completed_tasks).toHaveLength(1);
  });
});

describe('effects without a change', () => {
  it('are collected even when the transition leaves the doc untouched', async () => {
    const res = await runTransitions(ctxFor({ _id: 'r', _rev: '1-a' }), [
      t('mark_for_outbound', { onMatch: async () => ({ changed: false, effects: [{ kind: 'outbound', name: 'x', docId: 'r' }] }) }),
    ], () => 0);
    expect(res.changed).toBe(false);
    expect(res.records).toEqual({});
    expect(res.effects).toEqual([{ kind: 'outbound', name: 'x', docId: 'r' }]);
  });
});

describe('a doc deleted by a transition', () => {
  it('is not handed to the transitions after it', async () => {
    const later = jest.fn(async () => ({ changed: true }));
    const res = await runTransitions(ctxFor({ _id: 'r', _rev: '1-a' }), [
      t('update_scheduled_reports', { onMatch: async (c) => ((c.doc._deleted = true), { changed: true }) }),
      t('mark_for_outbound', { onMatch: later }),
    ], () => 0);
    expect(later).not.toHaveBeenCalled();
    expect(Object.keys(res.records)).toEqual(['update_scheduled_reports']);
  });
});
