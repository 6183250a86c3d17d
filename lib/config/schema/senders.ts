/** `update_clinics[]` (spec 3.1) and `self_report[]` (3.2): `{ form, messages[] }`. */
import type { SchemaObject } from 'ajv';
import { formMessages } from './messages';

export const sendersSchema: Record<string, SchemaObject> = {
  update_clinics: { type: 'array', items: formMessages },
  self_report: { type: 'array', items: formMessages },
};
