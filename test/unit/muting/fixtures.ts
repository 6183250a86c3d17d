/** A small hydrated tree for the muting tests: district > hc > clinic > person. */
import type { Doc } from '../../../lib/types';

export const NOW = '2025-03-05T10:00:00.000Z';
export const EARLIER = '2025-01-01T08:00:00.000Z';

/** Hydrated lineage; `muted` per id (absent = not muted). */
export function tree(muted: Record<string, string | number> = {}) {
  const m = (id: string) => (muted[id] !== undefined ? { muted: muted[id] } : {});
  const district: Doc = { _id: 'district', type: 'district_hospital', ...m('district') };
  const hc: Doc = { _id: 'hc', type: 'health_center', parent: district, ...m('hc') };
  const clinic: Doc = { _id: 'clinic', type: 'clinic', place_id: 'the_clinic', parent: hc, ...m('clinic') };
  const person: Doc = { _id: 'person', type: 'person', patient_id: '99999', parent: clinic, ...m('person') };
  return { district, hc, clinic, person };
}

/** Stored (minified) copies, as contacts_by_depth returns them. */
export function stored(doc: Doc): Doc {
  const out: Doc = structuredClone(doc);
  let node = out;
  while (node.parent) {
    node.parent = { _id: node.parent._id, ...(node.parent.parent ? { parent: node.parent.parent } : {}) };
    node = node.parent;
  }
  return out;
}
