/** `forms{}` (spec 7.1): JSON (SMS) form definitions keyed by form code. */
import type { SchemaObject } from 'ajv';

/** A label: a string, a locale map, or `{ translations: [{ locale, content }] }`. */
const label: SchemaObject = { type: ['string', 'object'] };

export const FIELD_TYPES = [
  'string',
  'integer',
  'date',
  'boolean',
  'month',
  'phone_number',
  'bsDate',
  'bsYear',
  'bsMonth',
  'bsDay',
  'bsAggreDate',
  'complex',
] as const;

export const formField: SchemaObject = {
  type: 'object',
  properties: {
    labels: {
      type: 'object',
      properties: { tiny: label, short: label, description: label },
    },
    position: { type: 'integer', minimum: 0 },
    type: { type: 'string' }, // unknown types pass the raw value (semantic.ts warns)
    required: { type: 'boolean' },
    length: { type: 'array', items: { type: 'number' } },
    range: { type: 'array', items: { type: 'number' } },
    list: { type: 'array', items: { type: 'array', minItems: 2 } },
  },
};

export const form: SchemaObject = {
  type: 'object',
  properties: {
    meta: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        icon: { type: 'string' },
        translation_key: { type: 'string' },
        subject_key: { type: 'string' },
        label,
      },
    },
    fields: { type: 'object', additionalProperties: formField },
    public_form: { type: 'boolean' },
    facility_reference: { type: 'string' },
    use_sentinel: { type: 'boolean' },
  },
};

export const formsSchema: Record<string, SchemaObject> = {
  forms: { type: 'object', additionalProperties: form },
  forms_only_mode: { type: 'boolean' },
};
