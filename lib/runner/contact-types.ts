/**
 * Contact types: the hard-coded CHT types and the configurable `settings.contact_types`
 * (`[{ id, parents?: string[], person?: boolean, ... }]`).
 *
 * CHT does not use one rule everywhere, and the differences are observable (spec 3.3, 3.6, 3.13):
 * - "is a person" (registration subject check, 3.3): a configured type with `person: true`, OR the
 *   hard-coded `person` type id — works without any `contact_types` config.
 * - "is a place" (3.3): a CONFIGURED type that is not a person; no hard-coded fallback, so without
 *   `contact_types` every place check fails.
 * - generate_shortcode_on_contacts (3.6): only CONFIGURED types (`getContactType`), hard-coded types
 *   without config don't match.
 * - add_patient / add_place parent checks (3.3): both types must be configured and the child must list
 *   the parent's id in its `parents` (`isAllowedParent`).
 * - update_scheduled_reports (3.13) and reminders (8.2): "leaf place type" = a configured place type
 *   that no configured PLACE type lists as a parent (person types listing it don't count).
 * - lineage / hydration / views (1.8, §9): `isContact` — hard-coded types or `type: "contact"`,
 *   independent of the configuration.
 */
import type { Doc, Settings } from '../types';

export interface ContactType {
  id: string;
  parents?: string[];
  person?: boolean;
  [key: string]: any;
}

/** The types CHT knows without configuration (national_office is a legacy place type). */
export const HARDCODED_TYPES = ['district_hospital', 'health_center', 'clinic', 'person', 'national_office'] as const;

/** The configured contact types (entries without a string `id` are ignored); [] when absent. */
export function getContactTypes(settings: Settings | undefined): ContactType[] {
  const list = settings?.contact_types;
  if (!Array.isArray(list)) return [];
  return list.filter((t): t is ContactType => !!t && typeof t === 'object' && typeof t.id === 'string' && t.id !== '');
}

/** A contact doc: a hard-coded type, or `type: "contact"` with a non-empty `contact_type`. */
export function isContact(doc: Doc | null | undefined): boolean {
  if (!doc || typeof doc.type !== 'string') return false;
  if ((HARDCODED_TYPES as readonly string[]).includes(doc.type)) return true;
  return doc.type === 'contact' && typeof doc.contact_type === 'string' && doc.contact_type !== '';
}

/** The type id of a doc: `contact_type` for `type: "contact"`, else `type`. */
export function getTypeId(doc: Doc | null | undefined): string | undefined {
  if (!doc) return undefined;
  const id = doc.type === 'contact' ? doc.contact_type : doc.type;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The configured type entry with this id. */
export function getTypeById(settings: Settings | undefined, typeId: string | undefined): ContactType | undefined {
  if (!typeId) return undefined;
  return getContactTypes(settings).find((t) => t.id === typeId);
}

/** The configured type entry of a doc (undefined when its type is not configured). */
export function getContactType(settings: Settings | undefined, doc: Doc | null | undefined): ContactType | undefined {
  return getTypeById(settings, getTypeId(doc));
}

export function isPersonType(type: ContactType | undefined): boolean {
  return !!type && !!type.person;
}

export function isPlaceType(type: ContactType | undefined): boolean {
  return !!type && !type.person;
}

/** A person: a configured type with `person: true`, or the hard-coded `person` type id (no config needed). */
export function isPerson(settings: Settings | undefined, doc: Doc | null | undefined): boolean {
  if (!doc) return false;
  if (getTypeId(doc) === 'person') return true;
  return isPersonType(getContactType(settings, doc));
}

/** A place: a configured type that is not a person. No hard-coded fallback. */
export function isPlace(settings: Settings | undefined, doc: Doc | null | undefined): boolean {
  return isPlaceType(getContactType(settings, doc));
}

export function getPlaceTypes(settings: Settings | undefined): ContactType[] {
  return getContactTypes(settings).filter(isPlaceType);
}

export function getPersonTypes(settings: Settings | undefined): ContactType[] {
  return getContactTypes(settings).filter(isPersonType);
}

/** Configured place types that no configured place type lists as a parent. */
export function getLeafPlaceTypes(settings: Settings | undefined): ContactType[] {
  const places = getPlaceTypes(settings);
  const parents = new Set<string>();
  for (const t of places) for (const p of Array.isArray(t.parents) ? t.parents : []) parents.add(p);
  return places.filter((t) => !parents.has(t.id));
}

export function isLeafPlaceType(settings: Settings | undefined, typeId: string | undefined): boolean {
  if (!typeId) return false;
  return getLeafPlaceTypes(settings).some((t) => t.id === typeId);
}

/**
 * Whether a contact of type `childTypeId` may live under a `parentTypeId` (add_patient/add_place's
 * `parent_invalid` check): both configured, and the child's `parents` lists the parent.
 */
export function isAllowedParent(settings: Settings | undefined, childTypeId: string | undefined, parentTypeId: string | undefined): boolean {
  const child = getTypeById(settings, childTypeId);
  const parent = getTypeById(settings, parentTypeId);
  if (!child || !parent) return false;
  return Array.isArray(child.parents) && child.parents.includes(parent.id);
}
