/** `alerts` (spec 3.10, conditional_alerts): an object or an array of `{ form, condition, message…, recipient }`. */
import type { SchemaObject } from 'ajv';
import { HAS_CONTENT, expression, messageContent, nonEmptyString, recipient } from './messages';

export const alert: SchemaObject = {
  type: 'object',
  properties: {
    form: nonEmptyString,
    condition: { ...expression, minLength: 1 },
    recipient,
    translation_key: { type: 'string' },
    message: messageContent,
    messages: messageContent,
  },
  required: ['form', 'condition'],
  ...HAS_CONTENT,
};

export const alertsSchema: Record<string, SchemaObject> = {
  alerts: { type: ['object', 'array'], items: alert, additionalProperties: alert },
};
