/** death_reporting on plain objects: filter, effects instead of writes, idempotent ops, config check. */
import { deathReporting, dateOfDeath, DEATH_OPS } from '../../../transitions/death-reporting';
import { getUpdateOp } from '../../../lib/runner/update-ops';
import { T, makeContext, report } from './fixtures';
import type { Doc } from '../../../lib/types';

const SETTINGS = {
  transitions: { death_reporting: true },
  death_reporting: { mark_deceased_forms: ['DEAD'], undo_deceased_forms: ['UNDEAD'], date_field: 'fields.death.date' },
  forms: { DEAD: {}, UNDEAD: {}, OTHER: {} },
};
const death = (form: string, fields: object = { patient_id: '12345' }) => report('r1', { form, fields });
const NOW_ISO = new Date(T).toISOString();

async function run(doc: Doc, docs: Doc[] = [], settings: object = SETTINGS) {
  const { ctx } = await makeContext(doc, { settings, docs });
  const filtered = deathReporting.filter(ctx);
  return { ctx, filtered, out: filtered ? await deathReporting.onMatch(ctx) : undefined };
}

describe('death_reporting', () => {
  it('matches mark and undo forms (exactly) about a known patient', async () => {
    expect((await run(death('DEAD'))).filtered).toBe(true);
    expect((await run(death('UNDEAD'))).filtered).toBe(true);
    expect((await run(death('dead'))).filtered).toBe(false);
    expect((await run(death('OTHER'))).filtered).toBe(false);
    expect((await run(death('DEAD', { patient_id: 'nobody' }))).filtered).toBe(false);
    expect((await run(death('DEAD', { patient_id: '', patient_uuid: 'pat' }))).filtered).toBe(true);
  });

  it('marks through an update effect and records itself without re-saving the report', async () => {
    const { out, ctx } = await run(death('DEAD', { patient_id: '12345', death: { date: '2025-03-01' } }));
    expect(out).toEqual({
      changed: false,
      effects: [
        { kind: 'update', id: 'pat', op: DEATH_OPS.set, args: { date: '2025-03-01' } },
        { kind: 'update', db: 'sentinel', id: 'r1-info', op: DEATH_OPS.record, args: { last_rev: '1-a', seq: '7', ok: true, run_date: NOW_ISO } },
      ],
    });
    expect(ctx.doc.errors).toBeUndefined();
  });

  it('falls back to reported_date when the date field is missing or unset', async () => {
    const { ctx } = await makeContext(death('DEAD'), { settings: SETTINGS });
    expect(dateOfDeath(ctx.settings, ctx.doc)).toBe(T);
    expect(dateOfDeath({ death_reporting: { mark_deceased_forms: ['DEAD'] } }, ctx.doc)).toBe(T);
  });

  it('undoes through an effect, and does nothing when the patient is already in that state', async () => {
    const dead = { _id: 'pat', type: 'person', name: 'Mary', patient_id: '12345', date_of_death: 5 };
    const undo = await run(death('UNDEAD'), [dead]);
    expect(undo.out?.effects?.[0]).toEqual({ kind: 'update', id: 'pat', op: DEATH_OPS.clear });
    expect((await run(death('DEAD'), [dead])).out).toEqual({ changed: false });
    expect((await run(death('UNDEAD'))).out).toEqual({ changed: false });
  });

  it('fails when the patient cannot be read any more', async () => {
    const { ctx } = await makeContext(death('DEAD'), { settings: SETTINGS });
    ctx.doc.patient = { _id: 'gone' };
    await expect(deathReporting.onMatch(ctx)).rejects.toThrow('patient gone not found');
    ctx.doc.patient = { name: 'no id' };
    await expect(deathReporting.onMatch(ctx)).resolves.toEqual({ changed: false });
  });

  it('has idempotent ops on the fresh docs', () => {
    const set = getUpdateOp(DEATH_OPS.set);
    expect(set({ _id: 'p' }, { date: 7 }, NOW_ISO)).toEqual({ _id: 'p', date_of_death: 7 });
    expect(set({ _id: 'p', date_of_death: 3 }, { date: 7 }, NOW_ISO)).toBeNull();
    const clear = getUpdateOp(DEATH_OPS.clear);
    expect(clear({ _id: 'p', date_of_death: 3, name: 'x' }, undefined, NOW_ISO)).toEqual({ _id: 'p', name: 'x' });
    expect(clear({ _id: 'p' }, undefined, NOW_ISO)).toBeNull();
    const record = getUpdateOp(DEATH_OPS.record);
    const rec = { last_rev: '1-a', seq: '7', ok: true, run_date: NOW_ISO };
    const info = { _id: 'r1-info', _rev: '1-x', type: 'info', doc_id: 'r1', transitions: { update_clinics: rec } };
    expect(record(info, rec, NOW_ISO)).toEqual({ ...info, transitions: { update_clinics: rec, death_reporting: rec } });
    expect(record({ ...info, transitions: { death_reporting: rec } }, rec, NOW_ISO)).toBeNull();
    // a missing infodoc is created the way the runner would
    expect(record({ _id: 'r2-info' }, rec, NOW_ISO)).toMatchObject({ _id: 'r2-info', type: 'info', doc_id: 'r2', transitions: { death_reporting: rec } });
  });

  it('requires a non-empty mark_deceased_forms', () => {
    expect(deathReporting.validate!(SETTINGS)).toEqual([]);
    for (const death_reporting of [undefined, {}, { mark_deceased_forms: [] }, { mark_deceased_forms: 'DEAD' }]) {
      expect(deathReporting.validate!({ death_reporting })).toEqual([
        { path: '$.death_reporting.mark_deceased_forms', message: 'must be a non-empty array of form codes', section: 'death_reporting' },
      ]);
    }
  });
});
