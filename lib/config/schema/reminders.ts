/** `reminders[]` (spec 8.2). CHT skips an invalid entry with a warning; vigil reports it. */
import type { SchemaObject } from 'ajv';
import { HAS_CONTENT, messageContent, nonEmptyString, stringList } from './messages';

export const reminder: SchemaObject = {
  type: 'object',
  properties: {
    form: nonEmptyString,
    text_expression: nonEmptyString,
    cron: { type: 'string', format: 'cron' },
    translation_key: { type: 'string' },
    message: messageContent,
    messages: messageContent,
    mute_after_form_for: { type: 'string', format: 'duration-or-empty' },
    contact_types: stringList,
  },
  required: ['form'],
  allOf: [HAS_CONTENT, { anyOf: [{ required: ['text_expression'] }, { required: ['cron'] }] }],
};

export const remindersSchema: Record<string, SchemaObject> = {
  reminders: { type: 'array', items: reminder },
};
