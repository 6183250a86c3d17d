/** `schedules[]` (spec 4.1). */
import type { SchemaObject } from 'ajv';
import { HAS_CONTENT, messageContent, nonEmptyString, recipient } from './messages';

export const scheduleMessage: SchemaObject = {
  type: 'object',
  properties: {
    group: { type: ['integer', 'string'] },
    offset: { type: 'string', format: 'duration' },
    send_day: { type: ['string', 'integer'], format: 'send-day', minimum: 0, maximum: 6 },
    send_time: { type: 'string', format: 'send-time' },
    recipient,
    translation_key: { type: 'string' },
    message: messageContent,
    messages: messageContent,
  },
  required: ['offset'],
  // a message without text is skipped (and, with start_mid_group off, takes the rest of its group with it)
  ...HAS_CONTENT,
};

export const schedule: SchemaObject = {
  type: 'object',
  properties: {
    name: nonEmptyString,
    summary: { type: 'string' },
    description: { type: 'string' },
    start_from: { type: ['string', 'array'], minLength: 1, minItems: 1, items: nonEmptyString },
    start_mid_group: { type: 'boolean' },
    translation_key: { type: 'string' },
    messages: { type: 'array', items: scheduleMessage },
  },
  required: ['name', 'messages'],
};

export const schedulesSchema: Record<string, SchemaObject> = {
  schedules: { type: 'array', items: schedule },
};
