/** `contact_types[]`: the configurable hierarchy `{ id, parents[], person? }`. */
import type { SchemaObject } from 'ajv';
import { nonEmptyString } from './messages';

export const contactType: SchemaObject = {
  type: 'object',
  properties: {
    id: nonEmptyString,
    parents: { type: 'array', items: nonEmptyString },
    person: { type: 'boolean' },
    name_key: { type: 'string' },
    group_key: { type: 'string' },
    create_key: { type: 'string' },
    edit_key: { type: 'string' },
    icon: { type: 'string' },
    create_form: { type: 'string' },
    edit_form: { type: 'string' },
  },
  required: ['id'],
};

export const contactTypesSchema: Record<string, SchemaObject> = {
  contact_types: { type: 'array', items: contactType },
};
