/**
 * Minification before a save (spec 1.9): the inverse of hydration, so stored docs keep CHT's shapes.
 *
 * - `parent` → `{ _id, parent: { _id, ... } }`, ids only, stopping at the first level without an `_id`;
 * - `contact` with an `_id` → `{ _id, parent: <minified lineage> }`;
 * - data_records lose `patient` and `place` (whatever transitions put there for templating);
 * - a contact's `linked_docs` values → ids.
 *
 * vigil difference: a `contact` WITHOUT `_id` (update_clinics' pseudo-contact `{ parent: <place> }` for a
 * place that has no primary contact) is reduced to `{ parent: <minified lineage> }`; CHT stores it whole.
 *
 * Pure: the input is never mutated, the result shares nothing with it (a JSON copy: what would be stored).
 */
import type { Doc } from '../types';
import { isContact } from './contact-types';

/** A copy as it would be stored (JSON semantics: undefined dropped, no shared references). */
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** CHT's guard: deeper lineages are taken for a cycle. */
export const MAX_LINEAGE_DEPTH = 50;

function idOf(item: unknown): unknown {
  if (!item) return item;
  if (typeof item === 'string') return item;
  return (item as any)._id;
}

/**
 * Minifies something attached to another doc (`doc.parent`, `doc.contact.parent`): ids only.
 * A value without `_id` is returned unchanged (copied). Throws past MAX_LINEAGE_DEPTH levels.
 */
export function minifyLineage(parent: any): any {
  if (!parent || typeof parent !== 'object' || !parent._id) return parent && typeof parent === 'object' ? jsonCopy(parent) : parent;
  const result: any = { _id: parent._id };
  let out = result;
  let node = parent;
  let guard = MAX_LINEAGE_DEPTH;
  while (node.parent && typeof node.parent === 'object' && node.parent._id) {
    if (guard-- === 0) throw new Error(`Could not minify ${parent._id}: lineage deeper than ${MAX_LINEAGE_DEPTH} levels (parent recursion?)`);
    out.parent = { _id: node.parent._id };
    out = out.parent;
    node = node.parent;
  }
  return result;
}

export function minify<T extends Doc>(doc: T): T;
export function minify(doc: undefined | null): undefined;
export function minify<T extends Doc>(doc: T | undefined | null): T | undefined {
  if (!doc) return undefined;
  const out: any = { ...doc };

  if (out.parent) out.parent = minifyLineage(out.parent);

  const contact = out.contact;
  if (contact && typeof contact === 'object') {
    if (contact._id) {
      const mini: any = { _id: contact._id };
      if (contact.parent) mini.parent = minifyLineage(contact.parent);
      out.contact = mini;
    } else if (contact.parent && typeof contact.parent === 'object' && contact.parent._id) {
      out.contact = { parent: minifyLineage(contact.parent) };
    }
  }

  if (out.type === 'data_record') {
    delete out.patient;
    delete out.place;
  }

  if (isContact(out) && out.linked_docs && typeof out.linked_docs === 'object' && !Array.isArray(out.linked_docs)) {
    const linked: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(out.linked_docs)) linked[key] = idOf(value);
    out.linked_docs = linked;
  }

  // everything not rebuilt above is still shared with the input: copy it (small, lineage is gone)
  return jsonCopy(out);
}
