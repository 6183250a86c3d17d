/**
 * Outgoing SMS settings: the `sms` object (5.6, 5.8, 6.3), deny lists (5.7), phone rewriting (5.6.4),
 * the segment limit (5.9) and phone validation.
 */
import type { SchemaObject } from 'ajv';

/** An integer, or a string holding one (CHT parseInts these). */
const integerLike = (minimum: number): SchemaObject => ({
  type: ['integer', 'string'],
  minimum,
  pattern: minimum > 0 ? '^\\s*0*[1-9]\\d*\\s*$' : '^\\s*\\d+\\s*$',
  'x-hint': minimum > 0 ? 'a positive whole number' : 'a whole number',
});

const phoneRewrite: SchemaObject = {
  type: 'object',
  properties: {
    match: { type: 'string' },
    replace: { type: 'string' },
  },
  required: ['match'],
};

export const smsSchema: Record<string, SchemaObject> = {
  sms: {
    type: 'object',
    properties: {
      default_to_sender: { type: ['boolean', 'null'] },
      // > 0; CHT caps it at 20 (semantic.ts warns above that)
      duplicate_limit: { type: ['number', 'string'], exclusiveMinimum: 0, pattern: '^\\s*\\d+(\\.\\d+)?\\s*$', 'x-hint': 'a positive number' },
      clear_failing_schedules: { type: 'boolean' },
      outgoing_service: { type: 'string' },
    },
  },
  outgoing_deny_list: { type: 'string' },
  outgoing_deny_shorter_than: integerLike(0),
  outgoing_deny_with_alphas: { type: 'boolean' },
  outgoing_phone_replace: {
    type: 'object',
    properties: { match: { type: 'string' }, replace: { type: 'string' } },
  },
  outgoing_phone_filters: {
    type: 'array',
    items: {
      ...phoneRewrite,
      properties: { match: { type: 'string', format: 'regex' }, replace: { type: 'string' } },
    },
  },
  multipart_sms_limit: integerLike(1),
  phone_validation: { type: 'string', enum: ['full', 'partial', 'none'] },
};
