/**
 * Contact views of `_design/vigil` (medic db). Semantics follow CHT's medic-client / medic views
 * (spec §9, compat README §2 "Lookup views the engine must emulate"); differences are listed per view.
 *
 * "Contact" everywhere = a hard-coded type (person, clinic, health_center, district_hospital,
 * national_office) or `type: "contact"` with a `contact_type`.
 */
import { mapFn, type ViewSource } from './source';

/**
 * contacts_by_phone — key: `phone` as stored, as a string (no normalisation: "555 111 222" and
 * "555111222" are different keys). Value null; query with `include_docs`.
 * (CHT lists contact/district_hospital/health_center/clinic/person; national_office is included here.)
 */
export const contacts_by_phone: ViewSource = {
  map: mapFn(
    `
  if (isContact(doc) && doc.phone !== undefined && doc.phone !== null && doc.phone !== '') {
    emit(String(doc.phone), null);
  }`,
    { contact: true },
  ),
};

/**
 * contacts_by_reference — keys `["shortcode", String(patient_id)]`, `["shortcode", String(place_id)]`,
 * `["external", String(rc_code).toUpperCase()]`; value `reported_date`.
 */
export const contacts_by_reference: ViewSource = {
  map: mapFn(
    `
  if (!isContact(doc)) { return; }
  var value = doc.reported_date === undefined ? null : doc.reported_date;
  if (doc.patient_id) { emit(['shortcode', String(doc.patient_id)], value); }
  if (doc.place_id) { emit(['shortcode', String(doc.place_id)], value); }
  if (doc.rc_code) { emit(['external', String(doc.rc_code).toUpperCase()], value); }`,
    { contact: true },
  ),
};

/**
 * contacts_by_depth — for the contact itself (depth 0) and each ancestor id of its stored lineage:
 * `[ancestorId]` and `[ancestorId, depth]`; value `{ _id, shortcode, primary_contact }`.
 * Query `key: [rootId]` for every descendant of root including root.
 */
export const contacts_by_depth: ViewSource = {
  map: mapFn(
    `
  if (!isContact(doc)) { return; }
  var value = {
    _id: doc._id,
    shortcode: doc.patient_id || doc.place_id || null,
    primary_contact: (doc.contact && doc.contact._id) || (typeof doc.contact === 'string' ? doc.contact : null)
  };
  var node = doc;
  var depth = 0;
  while (node && depth <= 50) {
    if (node._id) {
      emit([node._id], value);
      emit([node._id, depth], value);
    }
    depth++;
    node = node.parent;
  }`,
    { contact: true },
  ),
};

/**
 * contacts_by_type — key `[typeId]` (`contact_type` for `type: "contact"`, else `type`); value CHT's
 * sort string `"<dead> <muted> <order> <lower-case name>"`, order = index in
 * district_hospital, health_center, clinic, person, else the type id itself.
 * (CHT adds a `_count` reduce; vigil has none, so `include_docs` works without `reduce=false`.)
 */
export const contacts_by_type: ViewSource = {
  map: mapFn(
    `
  if (!isContact(doc)) { return; }
  var ORDER = ['district_hospital', 'health_center', 'clinic', 'person'];
  var type = doc.type === 'contact' ? doc.contact_type : doc.type;
  var idx = ORDER.indexOf(type);
  var order = idx === -1 ? type : idx;
  var name = typeof doc.name === 'string' ? doc.name.toLowerCase() : doc.name;
  emit([type], (!!doc.date_of_death) + ' ' + (!!doc.muted) + ' ' + order + ' ' + name);`,
    { contact: true },
  ),
};
