/**
 * The template context CHT builds for every message (spec 5.4). Sources are merged with lodash
 * `defaults` semantics: for each key the first source that defines it (value not `undefined`) wins;
 * a `null` from an earlier source blocks later ones.
 */
import type { Doc, MessageContext } from '../types';
import { findAncestorOfType } from './lineage';

export type TemplateContext = Record<string, any>;

const hasOwn = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** lodash `defaults`: fills keys of `target` that are missing or `undefined` from each source in turn. */
export function defaults(target: TemplateContext, ...sources: unknown[]): TemplateContext {
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    for (const key of Object.keys(source)) {
      if (!hasOwn(target, key) || target[key] === undefined) {
        target[key] = (source as Record<string, unknown>)[key];
      }
    }
  }
  return target;
}

/**
 * One object flattened for templating: `clinic`, `health_center`, `district` (and the deprecated
 * aliases `parent` = health centre, `grandparent` = district hospital) from its lineage, then its
 * `fields.*`, then its own properties (which fill any of the five computed keys left undefined).
 */
export function flattenForTemplate(obj: unknown): TemplateContext {
  if (typeof obj !== 'object' || obj === null) return {};
  const doc = obj as Record<string, any>;
  const healthCenter = findAncestorOfType(doc, 'health_center');
  const district = findAncestorOfType(doc, 'district_hospital');
  const computed: TemplateContext = {
    clinic: findAncestorOfType(doc, 'clinic'),
    health_center: healthCenter,
    district,
    parent: healthCenter,
    grandparent: district,
  };
  return defaults(computed, doc.fields, doc);
}

/**
 * CHT's extended template context, in precedence order: `patient`/`place`, `templateContext`, the
 * flattened patient (+ `patient_name`), the flattened place, the flattened report, the first patient
 * registration, the first place registration.
 */
export function buildTemplateContext(doc: Doc | Record<string, any>, extras: MessageContext = {}): TemplateContext {
  const context: TemplateContext = { patient: extras.patient, place: extras.place };
  if (extras.templateContext) defaults(context, extras.templateContext);
  if (extras.patient) {
    defaults(context, flattenForTemplate(extras.patient));
    // `name` is too generic to flatten, so the patient's name gets its own key
    context.patient_name = context.patient_name || extras.patient.name;
  }
  if (extras.place) defaults(context, flattenForTemplate(extras.place));
  defaults(context, flattenForTemplate(doc));
  if (extras.registrations && extras.registrations.length) {
    defaults(context, flattenForTemplate(extras.registrations[0]));
  }
  if (extras.placeRegistrations && extras.placeRegistrations.length) {
    defaults(context, flattenForTemplate(extras.placeRegistrations[0]));
  }
  return context;
}
