import { muting } from '../../../transitions/muting';
import type { Doc, InfoDoc, TransitionContext } from '../../../lib/types';
import { EARLIER, NOW, tree } from './fixtures';

const SETTINGS = {
  contact_types: [{ id: 'clinic' }, { id: 'person', parents: ['clinic'], person: true }],
  muting: { mute_forms: ['mute'], unmute_forms: ['unmute'] },
};
const info = (extra: Partial<InfoDoc> = {}): InfoDoc => ({ _id: 'x-info', type: 'info', doc_id: 'x', initial_replication_date: NOW, ...extra });
const filter = (doc: Doc, i: InfoDoc = info(), settings: any = SETTINGS) => muting.filter({ doc, info: i, settings } as TransitionContext);
const xml = (form: string): Doc => ({ _id: 'r', type: 'data_record', form, content_type: 'xml', fields: {} });

describe('muting filter', () => {
  it('takes mute and unmute reports that are valid submissions, once', () => {
    expect(filter(xml('MUTE'))).toBe(true);
    expect(filter(xml('unmute'))).toBe(true);
    expect(filter(xml('other'))).toBe(false);
    expect(filter({ ...xml('mute'), content_type: undefined })).toBe(false); // SMS form not in app forms
    expect(filter(xml('mute'), info({ transitions: { muting: { last_rev: '1-a', seq: null, ok: true, run_date: NOW } } }))).toBe(false);
  });

  it('takes configured contacts new under a muted ancestor, or last changed offline', () => {
    const { person } = tree({ clinic: EARLIER });
    expect(filter(person)).toBe(true);
    expect(filter(person, info({ initial_replication_date: EARLIER.replace('08', '07') }))).toBe(false);
    expect(filter(tree().person)).toBe(false);
    expect(filter({ ...tree().person, muting_history: { last_update: 'client_side' } })).toBe(true);
    // the hc type is not configured here
    expect(filter({ ...tree().hc, muting_history: { last_update: 'client_side' } })).toBe(false);
    // type "person" with an unknown contact_type is still a (legacy) person
    expect(filter({ ...person, contact_type: 'not a person' })).toBe(true);
  });
});

describe('muting config checks', () => {
  it('needs a non-empty mute_forms array', () => {
    expect(muting.validate!({ muting: {} })).toEqual([expect.objectContaining({ path: '$.muting.mute_forms' })]);
    expect(muting.validate!({ muting: { mute_forms: [] } })).toHaveLength(1);
    expect(muting.validate!(SETTINGS)).toEqual([]);
  });

  it('warns about message event types muting never sends', () => {
    const problems = muting.validate!({ muting: { mute_forms: ['m'], messages: [{ event_type: 'mute' }, { event_type: 'muted' }] } });
    expect(problems).toEqual([expect.objectContaining({ path: '$.muting.messages[1].event_type', severity: 'warning' })]);
  });
});
