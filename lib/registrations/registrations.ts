/**
 * Registrations: the reports that set up a subject's schedule (spec 2.4 "Registration detection").
 * Other transitions (accept_patient_reports, registration's clear_schedule, muting) look them up by
 * subject id through `getRegistrations`.
 */
import type { Doc, Lookups, Settings } from '../types';

/**
 * CHT builds `^[^a-z]*<form>[^a-z]*$` (flag i) from the UNESCAPED configured form and tests `doc.form`.
 * So "P" also matches "P1" or "1-P" (with `i`, `[^a-z]` excludes A-Z too), and regex characters in the
 * config form act as regex. A config form that is not a valid regex matches nothing.
 */
function formMatches(configForm: unknown, form: string): boolean {
  try {
    return new RegExp(`^[^a-z]*${configForm}[^a-z]*$`, 'i').test(form);
  } catch {
    return false;
  }
}

/** A report some `registrations[]` entry is about (used for every "registrations of a subject" lookup). */
export function isValidRegistration(settings: Settings, doc: Doc): boolean {
  if (!doc || (doc.errors && doc.errors.length) || doc.type !== 'data_record') return false;
  const form = doc.form;
  if (typeof form !== 'string' || !form) return false;
  const configs = Array.isArray(settings?.registrations) ? settings.registrations : [];
  if (!configs.some((conf: any) => conf && formMatches(conf.form, form))) return false;
  if (doc.content_type === 'xml') return true;
  const smsForm = settings.forms && typeof settings.forms === 'object' ? settings.forms[form] : undefined;
  // unlike isValidSubmission, any attached contact will do (no phone needed)
  return !!smsForm && (!!smsForm.public_form || !!doc.contact);
}

const asId = (value: unknown): string | undefined =>
  (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : undefined;

/**
 * The ids reports use to name this doc as their subject. A contact: `_id`, `patient_id`, `place_id`.
 * A report (`data_record`): `patient_id`, `patient_uuid`, `place_id`, `place_uuid`, top-level then in
 * `fields`. Deduplicated, in that order.
 */
export function subjectIdsOf(doc: Doc | undefined): string[] {
  if (!doc) return [];
  const candidates: unknown[] =
    doc.type === 'data_record'
      ? ['patient_id', 'patient_uuid', 'place_id', 'place_uuid'].flatMap((key) => [doc[key], doc.fields?.[key]])
      : [doc._id, doc.patient_id, doc.place_id];
  const ids = candidates.map(asId).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/** The valid registrations about any of these subjects, in view order (CHT reports_by_subject). */
export async function getRegistrations(lookups: Lookups, settings: Settings, subjectIds: string[]): Promise<Doc[]> {
  if (!subjectIds.length) return [];
  const reports = await lookups.reportsBySubject(subjectIds);
  return reports.filter((report) => isValidRegistration(settings, report));
}
