/**
 * `transitions`: `{ <name>: true | false | { disable: bool, ... } }` (spec 2.2). Unknown names are a
 * semantic check (semantic.ts), so the message can list the known ones.
 */
import type { SchemaObject } from 'ajv';

export const transitionsSchema: Record<string, SchemaObject> = {
  transitions: {
    type: 'object',
    additionalProperties: {
      // CHT enables any truthy value, so a string "false" would switch a transition on: reject it
      type: ['boolean', 'object', 'null'],
      properties: {
        disable: { type: 'boolean' },
      },
    },
  },
};
