/**
 * Shared pieces: message content, recipients, message configs (spec 5.2, 5.6, 2.6) and validations (2.7).
 *
 * Unions are written as `type: [...]` with keywords that only apply to one of the types (`items` only
 * to arrays, `minLength` only to strings), so ajv reports one clear error instead of anyOf branch noise.
 */
import type { SchemaObject } from 'ajv';

export const nonEmptyString: SchemaObject = { type: 'string', minLength: 1 };
export const stringList: SchemaObject = { type: 'array', items: { type: 'string' } };
export const nonEmptyStringList: SchemaObject = { type: 'array', items: nonEmptyString, minItems: 1 };

/** An expression source (syntax is checked separately, see semantic.ts). */
export const expression: SchemaObject = { type: 'string' };

/** `message` / `messages`: a string, or `[{ locale, content }]`. */
export const messageContent: SchemaObject = {
  type: ['string', 'array'],
  items: {
    type: 'object',
    properties: {
      locale: { type: 'string' },
      content: { type: 'string' },
    },
    required: ['content'],
  },
};

/** A recipient keyword, field, object path or phone; or a list of them tried in order. */
export const recipient: SchemaObject = {
  type: ['string', 'number', 'array'],
  items: { type: ['string', 'number'] },
};

export const messageConfig: SchemaObject = {
  type: 'object',
  properties: {
    event_type: { type: 'string' },
    recipient,
    translation_key: { type: 'string' },
    translationKey: { type: 'string' },
    message: messageContent,
    messages: messageContent,
    bool_expr: expression,
  },
};

export const messageConfigList: SchemaObject = { type: 'array', items: messageConfig };

/** Something that carries message text: one of these keys must be present. */
export const HAS_CONTENT: SchemaObject = {
  anyOf: [{ required: ['translation_key'] }, { required: ['message'] }, { required: ['messages'] }],
};

export const validationRule: SchemaObject = {
  type: 'object',
  properties: {
    property: nonEmptyString,
    rule: nonEmptyString,
    translation_key: { type: 'string' },
    message: messageContent,
    messages: messageContent,
  },
  required: ['property', 'rule'],
};

export const validations: SchemaObject = {
  type: 'object',
  properties: {
    join_responses: { type: 'boolean' },
    list: { type: 'array', items: validationRule },
  },
};

/** `{ form, messages[] }` entries of update_clinics and self_report. */
export const formMessages: SchemaObject = {
  type: 'object',
  properties: {
    form: nonEmptyString,
    messages: messageConfigList,
  },
  required: ['form'],
};
