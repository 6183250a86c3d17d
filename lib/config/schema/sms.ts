/**
 * Outgoing SMS settings: the `sms` object (5.6, 5.8, 6.3), deny lists (5.7), phone rewriting (5.6.4),
 * the segment limit (5.9), phone validation, and the gateway that sends (`outgoing_service` with its
 * `rapidpro` / `africas_talking` account settings, gateways/config.ts).
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
      outgoing_service: {
        type: 'string',
        enum: ['medic-gateway', 'rapidpro', 'africas-talking', 'nepal-doit-sms', 'none'],
        'x-hint': 'who sends SMS; vigil sends through medic-gateway (default), rapidpro and africas-talking',
      },
      // africas-talking: the shortcode / sender id messages go out from
      reply_to: { type: ['string', 'number'] },
      rapidpro: {
        type: 'object',
        properties: { url: { type: 'string', pattern: '^https?://[^\\s/]+', 'x-hint': 'the RapidPro instance, e.g. "https://textit.in"' } },
      },
      africas_talking: {
        type: 'object',
        properties: {
          username: { type: 'string', minLength: 1 },
          // vigil: the API's base URL (default from the username: the sandbox or the live API)
          url: { type: 'string', pattern: '^https?://[^\\s/]+', 'x-hint': 'an http(s) URL, e.g. "https://api.africastalking.com"' },
        },
      },
    },
    // each push service needs its account settings (credentials come from the vault, never from here)
    allOf: [
      {
        if: { properties: { outgoing_service: { const: 'rapidpro' } }, required: ['outgoing_service'] },
        then: { required: ['rapidpro'], properties: { rapidpro: { required: ['url'] } } },
      },
      {
        if: { properties: { outgoing_service: { const: 'africas-talking' } }, required: ['outgoing_service'] },
        then: { required: ['africas_talking'], properties: { africas_talking: { required: ['username'] } } },
      },
    ],
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
