/** `death_reporting` (spec 3.9). */
import type { SchemaObject } from 'ajv';
import { nonEmptyString, nonEmptyStringList, stringList } from './messages';

export const deathReportingSchema: Record<string, SchemaObject> = {
  death_reporting: {
    type: 'object',
    properties: {
      mark_deceased_forms: nonEmptyStringList,
      undo_deceased_forms: stringList,
      date_field: nonEmptyString,
    },
    required: ['mark_deceased_forms'],
  },
};
