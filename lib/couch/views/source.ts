/**
 * Helpers for writing CouchDB view functions as JavaScript source strings.
 *
 * CouchDB 3 (SpiderMonkey, sometimes an old one) and PouchDB both evaluate `function (doc) { ... }`
 * strings, so every view is plain ES5: `var`, function expressions, no arrow functions, no let/const,
 * no template literals inside the source, no Array.prototype.includes.
 */

export interface ViewSource {
  map: string;
  reduce?: string;
}

/**
 * The contact predicate every contact view shares (inlined, views cannot `require` here):
 * a hard-coded CHT contact type, or `type: "contact"` with a non-empty `contact_type`.
 */
export const IS_CONTACT_SNIPPET = [
  "  var CONTACT_TYPES = ['person', 'clinic', 'health_center', 'district_hospital', 'national_office'];",
  '  var isContact = function (d) {',
  '    if (!d || typeof d.type !== \'string\') { return false; }',
  '    if (CONTACT_TYPES.indexOf(d.type) !== -1) { return true; }',
  "    return d.type === 'contact' && typeof d.contact_type === 'string' && d.contact_type !== '';",
  '  };',
].join('\n');

/** Wraps a body into `function (doc) { ... }`, optionally with the contact predicate in scope. */
export function mapFn(body: string, opts: { contact?: boolean } = {}): string {
  const parts = ['function (doc) {'];
  if (opts.contact) parts.push(IS_CONTACT_SNIPPET);
  parts.push(body.replace(/^\n+|\s+$/g, ''));
  parts.push('}');
  return parts.join('\n');
}
