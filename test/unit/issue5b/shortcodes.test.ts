/** generate_shortcode_on_contacts / generate_patient_id_on_people (spec 3.6). */
import { isValidShortcode, LENGTH_DOC_ID, RAISE_LENGTH_OP } from '../../../lib/ids';
import type { Doc, Lookups, Settings } from '../../../lib/types';
import { generatePatientIdOnPeople } from '../../../transitions/generate-patient-id-on-people';
import { generateShortcodeOnContacts as gsc, missingShortcodeProperty } from '../../../transitions/generate-shortcode-on-contacts';
import { CONTACT_TYPES, context } from './context';

const settings: Settings = { contact_types: [...CONTACT_TYPES, { id: 'chw', person: true, parents: ['clinic'] }, { id: 'village', parents: ['clinic'] }] };

describe('which contacts need a shortcode', () => {
  it('person types get a patient_id, place types a place_id, unless they have a truthy one', () => {
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'person' })).toBe('patient_id');
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'contact', contact_type: 'chw' })).toBe('patient_id');
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'clinic' })).toBe('place_id');
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'contact', contact_type: 'village', patient_id: '12348' })).toBe('place_id');
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'person', patient_id: '1234' })).toBeUndefined();
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'person', patient_id: '' })).toBe('patient_id');
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'clinic', place_id: '1234' })).toBeUndefined();
  });

  it('only counts configured types (hard-coded ones without contact_types do not)', () => {
    expect(missingShortcodeProperty({}, { _id: 'a', type: 'person' })).toBeUndefined();
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'data_record' })).toBeUndefined();
    expect(missingShortcodeProperty(settings, { _id: 'a', type: 'contact', contact_type: 'unknown' })).toBeUndefined();
  });
});

describe('generate_shortcode_on_contacts', () => {
  it('gives a person a fresh patient_id and a place a place_id', async () => {
    const person: Doc = { _id: 'p', type: 'person' };
    const out = await gsc.onMatch(context(person, settings));
    expect(out).toEqual({ changed: true, effects: [] });
    expect(isValidShortcode(person.patient_id)).toBe(true);
    expect(person.patient_id).toHaveLength(5);
    expect(person.place_id).toBeUndefined();

    const clinic: Doc = { _id: 'c', type: 'clinic' };
    await gsc.onMatch(context(clinic, settings));
    expect(isValidShortcode(clinic.place_id)).toBe(true);
    expect(clinic.patient_id).toBeUndefined();
  });

  it('raises the stored length, as an effect, when every candidate of the current one is taken', async () => {
    const lookups: Pick<Lookups, 'getDoc' | 'shortcodesTaken'> = {
      getDoc: async (id) => (id === LENGTH_DOC_ID ? { _id: id, current_length: 7 } : undefined),
      shortcodesTaken: async (codes) => new Set(codes.filter((c) => c.length === 7)),
    };
    const person: Doc = { _id: 'p2', type: 'person' };
    const out = await gsc.onMatch(context(person, settings, [], { lookups: lookups as Lookups }));
    expect(person.patient_id).toHaveLength(8);
    expect(out.effects).toEqual([{ kind: 'update', id: LENGTH_DOC_ID, op: RAISE_LENGTH_OP, args: { length: 8 } }]);
  });

  it('fails (the runner records the error) on a stored length outside 5..13', async () => {
    const lookups = { getDoc: async () => ({ _id: LENGTH_DOC_ID, current_length: 20 }), shortcodesTaken: async () => new Set<string>() };
    await expect(gsc.onMatch(context({ _id: 'p3', type: 'person' }, settings, [], { lookups: lookups as any }))).rejects.toThrow(/current_length/);
  });

  it('filters like its property check and is async-only', () => {
    expect(gsc.filter(context({ _id: 'p', type: 'person' }, settings))).toBe(true);
    expect(gsc.filter(context({ _id: 'p', type: 'person', patient_id: '1234' }, settings))).toBe(false);
    expect(gsc.asynchronousOnly).toBe(true);
  });
});

describe('generate_patient_id_on_people', () => {
  it('behaves the same under its own name, with a deprecation warning', async () => {
    expect(generatePatientIdOnPeople.name).toBe('generate_patient_id_on_people');
    const clinic: Doc = { _id: 'c', type: 'health_center' };
    expect(generatePatientIdOnPeople.filter(context(clinic, settings))).toBe(true);
    await generatePatientIdOnPeople.onMatch(context(clinic, settings));
    expect(isValidShortcode(clinic.place_id)).toBe(true);
    expect(generatePatientIdOnPeople.validate!(settings)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});
