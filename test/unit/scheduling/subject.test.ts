import { isMutedInLineage, isSubjectMuted, lineageZone, scheduleZone } from '../../../lib/scheduling/subject';
import { ManualClock } from '../../../lib/time/clock';
import { hierarchy } from './fixtures';

const clock = new ManualClock(0, 'UTC');

describe('isSubjectMuted (spec 4.2 step 2)', () => {
  it('is muted when the contact or any hydrated ancestor has `muted`', () => {
    const { person, healthCenter, clinic } = hierarchy();
    expect(isMutedInLineage(person)).toBe(false);
    healthCenter.muted = '2025-01-01T00:00:00.000Z';
    expect(isMutedInLineage(person)).toBe(true);
    expect(isMutedInLineage(clinic)).toBe(true);
    expect(isMutedInLineage(undefined)).toBe(false);
  });

  it('looks at the patient when there is one, else at the place', () => {
    const { person, clinic } = hierarchy();
    const mutedPlace = { ...clinic, muted: 123 };
    expect(isSubjectMuted({ patient: person, place: mutedPlace })).toBe(false);
    expect(isSubjectMuted({ place: mutedPlace })).toBe(true);
    expect(isSubjectMuted({ patient: { ...person, muted: 1 }, place: clinic })).toBe(true);
    expect(isSubjectMuted({})).toBe(false);
  });
});

describe('scheduleZone (vigil: per-place timezone)', () => {
  it('defaults to settings.timezone, then the clock zone', () => {
    expect(scheduleZone({ timezone: 'Africa/Nairobi' }, {}, clock)).toBe('Africa/Nairobi');
    expect(scheduleZone({}, {}, new ManualClock(0, 'Europe/London'))).toBe('Europe/London');
    expect(scheduleZone({ timezone: 'Not/AZone' }, {}, clock)).toBe('UTC');
  });

  it('is overridden by the nearest timezone in the subject lineage', () => {
    const { person, clinic, healthCenter } = hierarchy();
    healthCenter.timezone = 'Europe/London';
    expect(scheduleZone({ timezone: 'Africa/Nairobi' }, { patient: person }, clock)).toBe('Europe/London');
    clinic.timezone = 'America/New_York';
    expect(scheduleZone({ timezone: 'Africa/Nairobi' }, { patient: person }, clock)).toBe('America/New_York');
    expect(scheduleZone({ timezone: 'Africa/Nairobi' }, { place: clinic }, clock)).toBe('America/New_York');
  });

  it('passes over invalid timezone values', () => {
    const { person, clinic, healthCenter } = hierarchy();
    clinic.timezone = 'Mars/Olympus_Mons';
    healthCenter.timezone = 'Europe/London';
    expect(lineageZone({ patient: person })).toBe('Europe/London');
    healthCenter.timezone = 3;
    expect(lineageZone({ patient: person })).toBeUndefined();
  });

  it('prefers the patient lineage over the place lineage', () => {
    const { person, clinic } = hierarchy();
    clinic.timezone = 'Europe/London';
    expect(lineageZone({ patient: person, place: { _id: 'other', timezone: 'Asia/Kathmandu' } })).toBe('Europe/London');
  });

  it('uses the place lineage when the patient lineage has none', () => {
    const { clinic } = hierarchy();
    const patient = { _id: 'p', type: 'person' };
    expect(lineageZone({ patient, place: { ...clinic, timezone: 'Asia/Kathmandu' } })).toBe('Asia/Kathmandu');
  });
});
