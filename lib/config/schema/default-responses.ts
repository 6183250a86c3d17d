/** `default_responses` (spec 3.7): `{ start_date: "YYYY-MM-DD" }`; an empty start_date switches replies off. */
import type { SchemaObject } from 'ajv';

export const defaultResponsesSchema: Record<string, SchemaObject> = {
  default_responses: {
    type: 'object',
    properties: {
      start_date: { type: 'string', format: 'iso-date-or-empty' },
    },
  },
};
