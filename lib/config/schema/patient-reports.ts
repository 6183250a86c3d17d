/** `patient_reports[]` (spec 3.4) and `accept_case_reports[]` (3.5): follow-up report configs. */
import type { SchemaObject } from 'ajv';
import { messageConfigList, nonEmptyString, validations } from './messages';

export const followUpReport: SchemaObject = {
  type: 'object',
  properties: {
    form: nonEmptyString,
    silence_type: { type: 'string' },
    silence_for: { type: 'string', format: 'duration-or-empty' },
    validations,
    messages: messageConfigList,
  },
  required: ['form'],
};

export const patientReportsSchema: Record<string, SchemaObject> = {
  patient_reports: { type: 'array', items: followUpReport },
  accept_case_reports: { type: 'array', items: followUpReport },
};
