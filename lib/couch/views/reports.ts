/**
 * Report views of `_design/vigil` (medic db). A "report" is `type: "data_record"` with a `form`.
 * Semantics follow CHT's medic-client / medic views (spec §9); differences are listed per view.
 */
import { mapFn, type ViewSource } from './source';

/**
 * reports_by_subject — one row per distinct subject value of a report: top-level `patient_id`,
 * `place_id`, `case_id` and `fields.{patient_id, place_id, case_id, patient_uuid, place_uuid}`, each as
 * a string key; value `reported_date`. Reports with errors are included (callers filter).
 */
export const reports_by_subject: ViewSource = {
  map: mapFn(`
  if (doc.type !== 'data_record' || !doc.form) { return; }
  var seen = {};
  var value = doc.reported_date === undefined ? null : doc.reported_date;
  var emitField = function (obj, field) {
    var v = obj[field];
    if (v === undefined || v === null || v === '' || v === false) { return; }
    var key = String(v);
    if (Object.prototype.hasOwnProperty.call(seen, key)) { return; }
    seen[key] = true;
    emit(key, value);
  };
  emitField(doc, 'patient_id');
  emitField(doc, 'place_id');
  emitField(doc, 'case_id');
  if (doc.fields && typeof doc.fields === 'object') {
    emitField(doc.fields, 'patient_id');
    emitField(doc.fields, 'place_id');
    emitField(doc.fields, 'case_id');
    emitField(doc.fields, 'patient_uuid');
    emitField(doc.fields, 'place_uuid');
  }`),
};

/** reports_by_date — key `[reported_date]`, value null (multi_report_alerts pages it descending). */
export const reports_by_date: ViewSource = {
  map: mapFn(`
  if (doc.type === 'data_record' && doc.form) {
    emit([doc.reported_date === undefined ? null : doc.reported_date], null);
  }`),
};

/**
 * reports_by_form_and_parent — reports whose submitter has a parent: key `[form, contact.parent._id]`,
 * value `reported_date` when it is a number, else 0; reduce `_stats` (query `group=true` for the
 * latest report per form and place via `max`, `reduce=false` for the rows).
 */
export const reports_by_form_and_parent: ViewSource = {
  map: mapFn(`
  if (doc.type === 'data_record' && doc.form && doc.contact && doc.contact.parent) {
    emit([doc.form, doc.contact.parent._id === undefined ? null : doc.contact.parent._id],
      typeof doc.reported_date === 'number' ? doc.reported_date : 0);
  }`),
  reduce: '_stats',
};

/**
 * reports_by_form_year_week_parent_reported_date —
 * `[form, fields.year, fields.week || fields.week_number, contact.parent._id, reported_date]`.
 */
export const reports_by_form_year_week_parent_reported_date: ViewSource = {
  map: mapFn(`
  if (doc.type === 'data_record' && doc.form && doc.reported_date &&
      doc.contact && doc.contact.parent &&
      doc.fields && doc.fields.year && (doc.fields.week || doc.fields.week_number)) {
    emit([
      doc.form,
      doc.fields.year,
      doc.fields.week || doc.fields.week_number,
      doc.contact.parent._id === undefined ? null : doc.contact.parent._id,
      doc.reported_date
    ], null);
  }`),
};

/**
 * reports_by_form_year_month_parent_reported_date —
 * `[form, fields.year, fields.month || fields.month_num, contact.parent._id, reported_date]`.
 * (One CHT version also required a top-level `doc.year`, so month reports never matched; vigil
 * doesn't, which is what USR-02 expects.)
 */
export const reports_by_form_year_month_parent_reported_date: ViewSource = {
  map: mapFn(`
  if (doc.type === 'data_record' && doc.form && doc.reported_date &&
      doc.contact && doc.contact.parent &&
      doc.fields && doc.fields.year && (doc.fields.month || doc.fields.month_num)) {
    emit([
      doc.form,
      doc.fields.year,
      doc.fields.month || doc.fields.month_num,
      doc.contact.parent._id === undefined ? null : doc.contact.parent._id,
      doc.reported_date
    ], null);
  }`),
};

/**
 * docs_by_shortcode — any doc's `place_id`, `patient_id` and `case_id` (reports included), as string
 * keys; value null. The shortcode generator checks its candidates against it.
 */
export const docs_by_shortcode: ViewSource = {
  map: mapFn(`
  if (doc.place_id) { emit(String(doc.place_id), null); }
  if (doc.patient_id) { emit(String(doc.patient_id), null); }
  if (doc.case_id) { emit(String(doc.case_id), null); }`),
};

/**
 * reports_by_freetext — the terms CHT's free-text index offers to the `unique`, `uniqueWithin` and
 * `exists` validations: `"<field>:<value>"` for every scalar top-level and `fields` value of a report
 * (strings lower-cased; falsy values and `*_date` keys left out, as CHT does), plus `"form:<form>"`
 * lower-cased. Value: reported_date.
 */
export const reports_by_freetext: ViewSource = {
  map: mapFn(`
  if (doc.type !== 'data_record' || !doc.form) { return; }
  var value = doc.reported_date === undefined ? null : doc.reported_date;
  var seen = {};
  var term = function (key, v) {
    // As CHT's free-text index: no falsy values, no objects, no *_date keys.
    if (!v || typeof v === 'object' || /_date$/.test(key)) { return; }
    var t = key + ':' + (typeof v === 'string' ? v.toLowerCase() : String(v));
    if (Object.prototype.hasOwnProperty.call(seen, t)) { return; }
    seen[t] = true;
    emit(t, value);
  };
  var k;
  for (k in doc) {
    if (k.charAt(0) !== '_' && Object.prototype.hasOwnProperty.call(doc, k)) { term(k.toLowerCase(), doc[k]); }
  }
  if (doc.fields && typeof doc.fields === 'object') {
    for (k in doc.fields) {
      if (Object.prototype.hasOwnProperty.call(doc.fields, k)) { term(k.toLowerCase(), doc.fields[k]); }
    }
  }
  emit(('form:' + doc.form).toLowerCase(), value);`),
};
