import {
  getContactType,
  getContactTypes,
  getLeafPlaceTypes,
  getTypeId,
  isAllowedParent,
  isContact,
  isLeafPlaceType,
  isPerson,
  isPlace,
} from '../../../lib/runner/contact-types';

const DEFAULT_TYPES = [
  { id: 'district_hospital' },
  { id: 'health_center', parents: ['district_hospital'] },
  { id: 'clinic', parents: ['health_center'] },
  { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
];
const settings = { contact_types: DEFAULT_TYPES };
const custom = {
  contact_types: [
    { id: 'region' },
    { id: 'chw_area', parents: ['region'] },
    { id: 'household', parents: ['chw_area'] },
    { id: 'member', parents: ['household', 'chw_area'], person: true },
    { id: 'chw', parents: ['chw_area'], person: true },
  ],
};

describe('getTypeId / isContact', () => {
  it('uses contact_type for type "contact"', () => {
    expect(getTypeId({ _id: 'a', type: 'contact', contact_type: 'household' })).toBe('household');
    expect(getTypeId({ _id: 'a', type: 'clinic' })).toBe('clinic');
    expect(getTypeId({ _id: 'a', type: 'contact' })).toBeUndefined();
    expect(getTypeId(undefined)).toBeUndefined();
  });
  it('hard-coded types and configurable contacts are contacts; reports are not', () => {
    for (const type of ['person', 'clinic', 'health_center', 'district_hospital', 'national_office']) {
      expect(isContact({ _id: 'x', type })).toBe(true);
    }
    expect(isContact({ _id: 'x', type: 'contact', contact_type: 'household' })).toBe(true);
    expect(isContact({ _id: 'x', type: 'contact' })).toBe(false);
    expect(isContact({ _id: 'x', type: 'data_record' })).toBe(false);
    expect(isContact(undefined)).toBe(false);
  });
});

describe('getContactTypes / getContactType (configured types only, spec 3.6)', () => {
  it('returns [] without config and ignores malformed entries', () => {
    expect(getContactTypes({})).toEqual([]);
    expect(getContactTypes({ contact_types: 'x' })).toEqual([]);
    expect(getContactTypes({ contact_types: [{ id: 'a' }, null, { name: 'no id' }] })).toEqual([{ id: 'a' }]);
  });
  it('hard-coded types without config have no configured type', () => {
    expect(getContactType({}, { _id: 'p', type: 'person' })).toBeUndefined();
    expect(getContactType(settings, { _id: 'p', type: 'person' })).toEqual(DEFAULT_TYPES[3]);
    expect(getContactType(custom, { _id: 'h', type: 'contact', contact_type: 'household' })?.id).toBe('household');
  });
});

describe('isPerson / isPlace (spec 3.3)', () => {
  it('person: configured person type, or the hard-coded "person" even without config', () => {
    expect(isPerson({}, { _id: 'p', type: 'person' })).toBe(true);
    expect(isPerson(custom, { _id: 'm', type: 'contact', contact_type: 'member' })).toBe(true);
    expect(isPerson(custom, { _id: 'h', type: 'contact', contact_type: 'household' })).toBe(false);
    expect(isPerson({}, { _id: 'm', type: 'contact', contact_type: 'member' })).toBe(false);
    expect(isPerson(settings, { _id: 'c', type: 'clinic' })).toBe(false);
  });
  it('place: a configured non-person type, no hard-coded fallback', () => {
    expect(isPlace(settings, { _id: 'c', type: 'clinic' })).toBe(true);
    expect(isPlace({}, { _id: 'c', type: 'clinic' })).toBe(false);
    expect(isPlace(settings, { _id: 'p', type: 'person' })).toBe(false);
    expect(isPlace(custom, { _id: 'h', type: 'contact', contact_type: 'household' })).toBe(true);
    expect(isPlace(custom, { _id: 'u', type: 'contact', contact_type: 'unknown' })).toBe(false);
  });
});

describe('leaf place types (spec 3.13)', () => {
  it('default hierarchy: clinic only (a person listing clinic as parent does not count)', () => {
    expect(getLeafPlaceTypes(settings).map((t) => t.id)).toEqual(['clinic']);
    expect(isLeafPlaceType(settings, 'clinic')).toBe(true);
    expect(isLeafPlaceType(settings, 'health_center')).toBe(false);
    expect(isLeafPlaceType(settings, 'person')).toBe(false);
  });
  it('custom hierarchy and no config', () => {
    expect(getLeafPlaceTypes(custom).map((t) => t.id)).toEqual(['household']);
    expect(isLeafPlaceType({}, 'clinic')).toBe(false);
    expect(isLeafPlaceType(custom, undefined)).toBe(false);
  });
});

describe('isAllowedParent (add_patient / add_place parent check)', () => {
  it('child must list the parent, and both must be configured', () => {
    expect(isAllowedParent(settings, 'person', 'clinic')).toBe(true);
    expect(isAllowedParent(settings, 'clinic', 'district_hospital')).toBe(false);
    expect(isAllowedParent({}, 'person', 'clinic')).toBe(false);
    expect(isAllowedParent({ contact_types: [{ id: 'person', parents: ['clinic'], person: true }] }, 'person', 'clinic')).toBe(false);
  });
});
