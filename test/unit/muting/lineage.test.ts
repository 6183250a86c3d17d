import {
  initialReplicationMs,
  isMutedInLineage,
  isNewContactWithMutedParent,
  isSubjectMuted,
  mutedAncestorId,
  overlayMuted,
  topmostMutedId,
} from '../../../lib/muting/lineage';
import type { InfoDoc } from '../../../lib/types';
import { EARLIER, NOW, tree } from './fixtures';

const info = (extra: Partial<InfoDoc> = {}): InfoDoc => ({ _id: 'x-info', type: 'info', doc_id: 'x', ...extra });

describe('topmostMutedId (the root of an unmute, MUT-08)', () => {
  it('is the highest muted contact among the contact and its ancestors', () => {
    expect(topmostMutedId(tree({ person: NOW, hc: NOW, clinic: NOW }).person)).toBe('hc');
    expect(topmostMutedId(tree({ person: NOW }).person)).toBe('person');
    expect(topmostMutedId(tree({ clinic: NOW }).person)).toBe('clinic');
  });

  it('is the contact itself when nothing is muted', () => {
    expect(topmostMutedId(tree().person)).toBe('person');
  });
});

describe('mutedAncestorId', () => {
  it('finds the closest muted ancestor, optionally muted no later than a time', () => {
    const { person } = tree({ hc: EARLIER, clinic: NOW });
    expect(mutedAncestorId(person)).toBe('clinic');
    expect(mutedAncestorId(person, Date.parse(EARLIER))).toBe('hc');
    expect(mutedAncestorId(person, Date.parse(EARLIER) - 1)).toBeUndefined();
  });

  it('skips the date check for NaN and 0 (CHT quirk)', () => {
    const { person } = tree({ clinic: NOW });
    expect(mutedAncestorId(person, NaN)).toBe('clinic');
    expect(mutedAncestorId(person, 0)).toBe('clinic');
  });

  it('ignores the contact itself', () => {
    expect(mutedAncestorId(tree({ person: NOW }).person)).toBeUndefined();
  });
});

describe('isNewContactWithMutedParent (MUT-09)', () => {
  it('matches a contact first seen at or after its ancestor was muted', () => {
    const { person } = tree({ clinic: EARLIER });
    expect(isNewContactWithMutedParent(person, info({ initial_replication_date: NOW }))).toBe(true);
    expect(isNewContactWithMutedParent(person, info({ initial_replication_date: Date.parse(EARLIER) }))).toBe(true);
  });

  it('does not match a contact seen before the mute, already muted, or with a muting history', () => {
    const { person } = tree({ clinic: NOW });
    expect(isNewContactWithMutedParent(person, info({ initial_replication_date: EARLIER }))).toBe(false);
    expect(isNewContactWithMutedParent({ ...person, muted: NOW }, info({ initial_replication_date: NOW }))).toBe(false);
    expect(isNewContactWithMutedParent(person, info({ initial_replication_date: NOW, muting_history: [] }))).toBe(false);
  });

  it('matches any muted ancestor when the date is "unknown" (CHT quirk)', () => {
    const { person } = tree({ clinic: NOW });
    expect(initialReplicationMs(info({ initial_replication_date: 'unknown' }))).toBeNaN();
    expect(isNewContactWithMutedParent(person, info({ initial_replication_date: 'unknown' }))).toBe(true);
  });

  it('leaves contacts last updated client-side to the other rule', () => {
    const { person } = tree({ clinic: EARLIER });
    const doc = { ...person, muting_history: { last_update: 'client_side' } };
    expect(isNewContactWithMutedParent(doc, info({ initial_replication_date: NOW }))).toBe(false);
  });
});

describe('muted subjects (schedules, spec 4.2 step 2)', () => {
  it('a patient or place is muted when it or an ancestor is', () => {
    expect(isMutedInLineage(tree({ district: NOW }).person)).toBe(true);
    expect(isMutedInLineage(tree().person)).toBe(false);
    expect(isSubjectMuted({ _id: 'r', patient: tree({ person: NOW }).person })).toBe(true);
    expect(isSubjectMuted({ _id: 'r', place: tree({ hc: NOW }).clinic })).toBe(true);
    expect(isSubjectMuted({ _id: 'r', patient: tree().person, place: tree({ hc: NOW }).clinic })).toBe(false);
    expect(isSubjectMuted({ _id: 'r' })).toBe(false);
  });
});

describe('overlayMuted', () => {
  it('replaces muted values along the lineage with the projected ones', () => {
    const { person } = tree({ hc: EARLIER });
    overlayMuted(person, new Map([['hc', { _id: 'hc' }], ['clinic', { _id: 'clinic', muted: NOW }]]));
    expect(person.parent.muted).toBe(NOW);
    expect(person.parent.parent.muted).toBeUndefined();
    expect(person.muted).toBeUndefined();
  });
});
