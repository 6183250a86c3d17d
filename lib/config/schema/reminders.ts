/**
 * `reminders[]` (spec 8.2). CHT skips an invalid entry with a warning; vigil reports it. Checks that need
 * the rest of the settings (contact types known) are in schedules/reminders/config.ts, which the job
 * logs on every change.
 */
import type { SchemaObject } from 'ajv';
import { caseless, MAX_LENGTH, TEXT_EXPRESSION_SOURCE } from '../../../schedules/reminders/text-expression';
import { messageContent, nonEmptyString, stringList } from './messages';

export const reminder: SchemaObject = {
  type: 'object',
  properties: {
    form: nonEmptyString,
    text_expression: {
      type: 'string',
      maxLength: MAX_LENGTH,
      // the job parses exactly this language (schedules/reminders/text-expression.ts)
      pattern: caseless(TEXT_EXPRESSION_SOURCE),
      'x-hint':
        'a schedule such as "at 9:00 am on Mon", "at 08:00 and 17:00 on mon-fri", "every weekday at 7:30 pm" ' +
        '("at <time>" required; days via "on <day>[-<day>][, …]", "every weekday|weekend|day"); other later.js forms: use cron',
    },
    cron: { type: 'string', format: 'cron' },
    translation_key: { type: 'string' },
    message: messageContent,
    // CHT's reminders read only `message`/`translation_key`; kept valid here, reported by the job
    messages: messageContent,
    mute_after_form_for: {
      type: 'string',
      pattern: '^(|\\d+ (minute|hour|day|week|month|year)s?)$',
      'x-hint': 'empty or "<whole number> <minute|hour|day|week|month|year>[s]", e.g. "2 days"',
    },
    contact_types: { ...stringList, minItems: 1 },
  },
  required: ['form'],
  allOf: [
    { anyOf: [{ required: ['translation_key'] }, { required: ['message'] }] },
    { anyOf: [{ required: ['text_expression'] }, { required: ['cron'] }] },
  ],
};

export const remindersSchema: Record<string, SchemaObject> = {
  reminders: { type: 'array', items: reminder },
};
