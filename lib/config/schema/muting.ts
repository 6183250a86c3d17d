/** `muting` (spec 3.15). */
import type { SchemaObject } from 'ajv';
import { messageConfigList, nonEmptyStringList, stringList, validations } from './messages';

export const mutingSchema: Record<string, SchemaObject> = {
  muting: {
    type: 'object',
    properties: {
      mute_forms: nonEmptyStringList,
      unmute_forms: stringList,
      validations,
      messages: messageConfigList,
    },
    required: ['mute_forms'],
  },
};
