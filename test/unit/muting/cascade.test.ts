import { cascadeRoot, contactEffects, planCascade, registrationEffects, type CascadeEnv } from '../../../lib/muting/cascade';
import { OPS } from '../../../lib/muting/ops';
import type { Doc } from '../../../lib/types';
import { EARLIER, NOW, stored, tree } from './fixtures';

const event = { muted: true, reportId: 'r1', timestamp: NOW };
const contactUpdates = (effects: any[]) => effects.filter((e) => e.op === OPS.contact).map((e) => e.id);
const histories = (effects: any[]) => effects.filter((e) => e.op === OPS.history);

describe('cascadeRoot', () => {
  it('mutes from the subject, unmutes from its topmost muted ancestor', () => {
    const { person } = tree({ hc: EARLIER, clinic: EARLIER, person: EARLIER });
    expect(cascadeRoot(person, true)).toBe('person');
    expect(cascadeRoot(person, false)).toBe('hc');
  });
});

describe('contactEffects', () => {
  it('updates only the contacts whose state changes, but records history for every one', () => {
    const contacts: Doc[] = [
      { _id: 'clinic' },
      { _id: 'person', muted: EARLIER }, // already muted, no history: keeps its timestamp (MUT-07)
      { _id: 'person3' },
    ];
    const projected = new Map<string, Doc>();
    const effects = contactEffects(contacts, event, projected);
    expect(contactUpdates(effects)).toEqual(['clinic', 'person3']);
    expect(effects.find((e: any) => e.id === 'clinic')).toEqual({ kind: 'update', id: 'clinic', op: OPS.contact, args: { muted: NOW, date: NOW } });
    expect(histories(effects)).toEqual(
      ['clinic', 'person', 'person3'].map((id) => ({
        kind: 'update',
        db: 'sentinel',
        id: `${id}-info`,
        op: OPS.history,
        args: { muted: true, date: NOW, report_id: 'r1' },
      })),
    );
    expect(projected.get('person')?.muted).toBe(EARLIER);
    expect(projected.get('person3')?.muted).toBe(NOW);
    expect(contacts[2].muted).toBeUndefined(); // inputs are not touched
  });

  it('unmutes with history entries dated now', () => {
    const effects = contactEffects([{ _id: 'clinic', muted: EARLIER }, { _id: 'other' }], { muted: false, reportId: 'u1', timestamp: NOW }, new Map());
    expect(contactUpdates(effects)).toEqual(['clinic']);
    expect(histories(effects).map((e) => e.args)).toEqual([
      { muted: false, date: NOW, report_id: 'u1' },
      { muted: false, date: NOW, report_id: 'u1' },
    ]);
  });
});

describe('registrationEffects', () => {
  const reg = (id: string, ...states: string[]): Doc => ({ _id: id, scheduled_tasks: states.map((state) => ({ state })) });

  it('one op per registration with tasks muting can move, once each', () => {
    const regs = [reg('a', 'scheduled'), reg('b', 'sent'), reg('a', 'scheduled'), reg('c', 'muted'), { _id: 'd' }];
    expect(registrationEffects(regs, true, 0)).toEqual([
      { kind: 'update', id: 'a', op: OPS.muteTasks },
      { kind: 'update', id: 'c', op: OPS.muteTasks },
    ]);
    expect(registrationEffects(regs, false, 42)).toEqual([
      { kind: 'update', id: 'a', op: OPS.unmuteTasks, args: { notBefore: 42 } },
      { kind: 'update', id: 'c', op: OPS.unmuteTasks, args: { notBefore: 42 } },
    ]);
  });
});

describe('planCascade', () => {
  function env(docs: Doc[], registrations: Doc[] = []) {
    const calls = { descendants: [] as string[], subjects: [] as string[][] };
    const all = docs.map(stored);
    const e: CascadeEnv = {
      lookups: {
        async descendants(rootId) {
          calls.descendants.push(rootId);
          return all.filter((d) => {
            for (let n: any = d; n; n = n.parent) if (n._id === rootId) return true;
            return false;
          });
        },
      },
      subjectIdsOf: (c) => [c._id, c.patient_id, c.place_id].filter(Boolean),
      async registrationsOf(ids) {
        calls.subjects.push(ids);
        return registrations;
      },
    };
    return { e, calls };
  }

  it('unmuting a person under a muted health centre covers the whole health centre tree (MUT-08)', async () => {
    const t = tree({ hc: EARLIER, clinic: EARLIER, person: EARLIER });
    const { e, calls } = env([t.district, t.hc, t.clinic, t.person]);
    const plan = await planCascade(e, { ...event, muted: false, subject: t.person, notBefore: 0 }, new Map(), false);
    expect(calls.descendants).toEqual(['hc']);
    expect(contactUpdates(plan.effects)).toEqual(['hc', 'clinic', 'person']);
    expect(calls.subjects[0].sort()).toEqual(['clinic', 'hc', 'person', 'the_clinic', '99999'].sort());
  });

  it('mutes the subject tree and asks for its registrations', async () => {
    const t = tree();
    const reg = { _id: 'reg', scheduled_tasks: [{ state: 'scheduled' }] };
    const { e, calls } = env([t.district, t.hc, t.clinic, t.person], [reg]);
    const plan = await planCascade(e, { ...event, subject: t.clinic, notBefore: 0 }, new Map(), false);
    expect(calls.descendants).toEqual(['clinic']);
    expect(contactUpdates(plan.effects)).toEqual(['clinic', 'person']);
    expect(plan.effects).toContainEqual({ kind: 'update', id: 'reg', op: OPS.muteTasks });
    expect(plan.replay).toEqual([]);
  });

  it('sees the contacts as earlier events of the run leave them, and collects client events to replay', async () => {
    const t = tree();
    const person = { ...t.person, muting_history: { last_update: 'client_side', client_side: [{ report_id: 'r1', date: 1 }, { report_id: 'r2', date: 2 }] } };
    const { e } = env([t.clinic, person]);
    const projected = new Map<string, Doc>([['person', { _id: 'person', muted: EARLIER }]]);
    const plan = await planCascade(e, { ...event, subject: t.clinic, notBefore: 0 }, projected, true);
    // person: its projected copy (already muted, history up to date) stands in for the stored one
    expect(contactUpdates(plan.effects)).toEqual(['clinic']);
    expect(plan.replay.map((r) => r.report_id)).toEqual(['r2']);
    expect(projected.get('clinic')?.muted).toBe(NOW);
  });
});
