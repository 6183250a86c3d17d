/** `outbound{}` (spec 3.16): push configs keyed by name. */
import type { SchemaObject } from 'ajv';
import { expression, nonEmptyString } from './messages';

export const OUTBOUND_AUTH_TYPES = ['basic', 'header', 'muso-sih'] as const;

const auth: SchemaObject = {
  type: 'object',
  properties: {
    // case-insensitive in CHT; the value and the keys each type needs are checked in semantic.ts
    type: nonEmptyString,
    username: { type: 'string' },
    password_key: { type: 'string' },
    name: { type: 'string' },
    value_key: { type: 'string' },
    path: { type: 'string' },
  },
  required: ['type'],
};

const mappingValue: SchemaObject = {
  type: ['string', 'object'],
  minLength: 1,
  properties: {
    path: nonEmptyString,
    expr: expression,
    optional: { type: 'boolean' },
  },
  anyOf: [{ required: ['path'] }, { required: ['expr'] }],
};

export const outboundConfig: SchemaObject = {
  type: 'object',
  properties: {
    relevant_to: { ...expression, minLength: 1 },
    cron: { type: 'string', format: 'cron' },
    destination: {
      type: 'object',
      properties: {
        base_url: { type: 'string', pattern: '^https?://[^\\s/]+', 'x-hint': 'an http(s) URL, e.g. "https://example.org"' },
        path: { type: 'string' },
        auth,
      },
      required: ['base_url', 'path'],
    },
    mapping: { type: 'object', additionalProperties: mappingValue },
    // vigil only (CHT retries every 5 minutes forever): backoff and the attempts before a dead letter
    retry: {
      type: 'object',
      properties: {
        max_attempts: { type: 'integer', minimum: 1 },
        initial_delay_seconds: { type: 'number', exclusiveMinimum: 0 },
        max_delay_seconds: { type: 'number', exclusiveMinimum: 0 },
      },
    },
  },
  // without relevant_to a config never matches (CHT) — certainly a mistake
  required: ['relevant_to'],
  // without these every push fails and stays queued; CHT accepts the config, so only warn
  allOf: [
    {
      'x-severity': 'warning',
      'x-hint': 'without it every push of this config fails and stays queued',
      required: ['destination', 'mapping'],
    },
  ],
};

export const outboundSchema: Record<string, SchemaObject> = {
  outbound: { type: 'object', additionalProperties: outboundConfig },
};
