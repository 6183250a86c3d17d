/**
 * A registration about an existing subject (spec 3.3 step 2): with `fields.patient_id` the hydrated
 * `doc.patient` must be a person, with `fields.place_id` the hydrated `doc.place` must be a place.
 */
import { isPerson, isPlace } from '../../lib/runner/contact-types';
import type { Doc, Settings } from '../../lib/types';

const given = (v: unknown): boolean => !!v; // CHT tests the ids for truthiness

export function subjectsFound(settings: Settings, doc: Doc): boolean {
  const fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
  if (given(fields.patient_id) && !isPerson(settings, doc.patient)) return false;
  if (given(fields.place_id) && !isPlace(settings, doc.place)) return false;
  return true;
}
