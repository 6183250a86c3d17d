/**
 * add_patient (and its deprecated alias add_patient_id), spec 3.3: give the report a patient id (provided
 * in a field, or a new shortcode) and create the person under the right parent.
 *
 * vigil fix (design.md §1.8): after rejecting a provided id (`no_provided_patient_id`,
 * `provided_patient_id_not_unique`) nothing is created; CHT still created a person without `patient_id`.
 */
import { generateShortcode } from '../../../lib/ids';
import type { Doc, Settings } from '../../../lib/types';
import { isValidPhone } from '../../../lib/validation';
import { getForm } from '../../shared/submission';
import { paramObject } from '../params';
import type { Trigger, TriggerEnv } from '../trigger';
import { createContact } from './new-contact';
import { resolveParent } from './parent';

export const DEFAULT_PATIENT_NAME_FIELD = 'patient_name';

export interface AddPatientParams {
  patientIdField?: string;
  nameField: string;
  contactType?: string;
  parentIdField?: string;
}

/** Object params; the array/comma form can only give the name field (its first item). */
export function addPatientParams(params: unknown): AddPatientParams {
  if (Array.isArray(params)) return { nameField: params.length && params[0] ? String(params[0]) : DEFAULT_PATIENT_NAME_FIELD };
  const p = paramObject(params);
  return {
    patientIdField: p.patient_id_field || undefined,
    nameField: p.patient_name_field || DEFAULT_PATIENT_NAME_FIELD,
    contactType: p.contact_type || undefined,
    parentIdField: p.parent_id || undefined,
  };
}

/** The first `phone_number` field of the SMS form definition (key order); none for XForms. */
export function phoneField(settings: Settings, doc: Doc): string | undefined {
  const form = getForm(settings, doc.form);
  const fields = form && form.fields && typeof form.fields === 'object' ? form.fields : {};
  return Object.keys(fields).find((key) => fields[key] && fields[key].type === 'phone_number');
}

/** The provided or a new patient id on `doc.patient_id`; false after a rejection. */
async function assignPatientId(env: TriggerEnv, idField: string | undefined): Promise<boolean> {
  const { ctx, config } = env;
  const { doc } = ctx;
  if (!idField) {
    const code = await generateShortcode(ctx.lookups);
    env.effects.push(...code.effects);
    doc.patient_id = code.id;
    return true;
  }
  const provided = doc.fields ? doc.fields[idField] : undefined;
  if (!provided) {
    ctx.messaging.addRejectionMessage(doc, config, 'no_provided_patient_id');
    return false;
  }
  const users = await ctx.lookups.contactIdsByReference('shortcode', String(provided));
  if (users.length) {
    ctx.messaging.addRejectionMessage(doc, config, 'provided_patient_id_not_unique');
    return false;
  }
  doc.patient_id = provided;
  return true;
}

export const addPatient: Trigger = async (env, rawParams) => {
  const { ctx, config } = env;
  const { doc, settings } = ctx;
  if (doc.patient_id) return;
  const params = addPatientParams(rawParams);
  if (!(await assignPatientId(env, params.patientIdField))) return;
  // No "a contact already has this shortcode" step: a new id was just checked against every doc, a
  // provided one against every contact.

  const found = await resolveParent(ctx, params.parentIdField, params.contactType ?? 'person');
  if ('rejection' in found) {
    ctx.messaging.addRejectionMessage(doc, config, found.rejection, found.context);
    return;
  }

  const phoneKey = phoneField(settings, doc);
  const phone = phoneKey && doc.fields ? doc.fields[phoneKey] : undefined;
  if (phone && !isValidPhone(settings, phone)) {
    ctx.messaging.addRejectionMessage(doc, config, 'provided_phone_not_valid');
    return;
  }

  const type = params.contactType ? { type: 'contact', contact_type: params.contactType } : { type: 'person' };
  doc.patient = createContact(
    env,
    'add_patient',
    {
      name: doc.fields ? doc.fields[params.nameField] : undefined,
      reported_date: doc.reported_date,
      patient_id: doc.patient_id,
      source_id: doc._id,
      ...type,
      date_of_birth: doc.birth_date,
      phone: phone || undefined,
    },
    found.parent,
  );
};
