/**
 * The app_settings schema: one file per section group, assembled here. Unknown keys are allowed
 * everywhere (CHT configs carry many keys vigil does not read); what is declared is checked strictly.
 */
import type { SchemaObject } from 'ajv';
import { alertsSchema } from './alerts';
import { contactTypesSchema } from './contact-types';
import { deathReportingSchema } from './death-reporting';
import { defaultResponsesSchema } from './default-responses';
import { formsSchema } from './forms';
import { generalSchema } from './general';
import { multiReportAlertsSchema } from './multi-report-alerts';
import { mutingSchema } from './muting';
import { notificationsSchema } from './notifications';
import { outboundSchema } from './outbound';
import { patientReportsSchema } from './patient-reports';
import { registrationsSchema } from './registrations';
import { remindersSchema } from './reminders';
import { schedulesSchema } from './schedules';
import { sendersSchema } from './senders';
import { smsSchema } from './sms';
import { transitionsSchema } from './transitions';
import { usersSchema } from './users';

/** Top-level key -> its schema. */
export const SECTION_SCHEMAS: Readonly<Record<string, SchemaObject>> = Object.freeze({
  ...transitionsSchema,
  ...registrationsSchema,
  ...patientReportsSchema,
  ...schedulesSchema,
  ...formsSchema,
  ...contactTypesSchema,
  ...sendersSchema,
  ...defaultResponsesSchema,
  ...deathReportingSchema,
  ...alertsSchema,
  ...multiReportAlertsSchema,
  ...notificationsSchema,
  ...mutingSchema,
  ...outboundSchema,
  ...usersSchema,
  ...remindersSchema,
  ...smsSchema,
  ...generalSchema,
});

export const settingsSchema: SchemaObject = {
  $id: 'https://vigil.local/schemas/app_settings.json',
  type: 'object',
  properties: { ...SECTION_SCHEMAS },
};

export { FORMATS } from './formats';
export { TRIGGERS } from './registrations';
export { OUTBOUND_AUTH_TYPES } from './outbound';
export { FIELD_TYPES } from './forms';
