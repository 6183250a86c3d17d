/**
 * General settings: locales, date formats, the clock (`synthetic_date`, `timezone`), the due_tasks send
 * window, country code and gateway number (spec 0.4, 0.5, 5.5, 6.3, Appendix A).
 */
import type { SchemaObject } from 'ajv';

const hours: SchemaObject = { type: 'integer', minimum: 0, maximum: 23 };
const minutes: SchemaObject = { type: 'integer', minimum: 0, maximum: 59 };

export const generalSchema: Record<string, SchemaObject> = {
  locale: { type: 'string', minLength: 1 },
  locale_outgoing: { type: 'string', minLength: 1 },
  locales: {
    type: 'array',
    items: {
      type: 'object',
      properties: { code: { type: 'string', minLength: 1 }, name: { type: 'string' } },
      required: ['code'],
    },
  },
  date_format: { type: 'string' },
  reported_date_format: { type: 'string' },
  synthetic_date: { type: ['string', 'integer', 'null'], format: 'synthetic-date' },
  timezone: { type: 'string', format: 'iana-zone' },
  schedule_morning_hours: hours,
  schedule_morning_minutes: minutes,
  schedule_evening_hours: hours,
  schedule_evening_minutes: minutes,
  default_country_code: {
    type: ['integer', 'string'],
    minimum: 1,
    maximum: 999,
    pattern: '^\\s*\\+?\\d{1,3}\\s*$',
    'x-hint': 'a country calling code, e.g. 254',
  },
  gateway_number: { type: 'string' },
  loglevel: { type: 'string' },
  // vigil's own keys (CHT ignores them): job intervals and the due_tasks expiry (schedules/job-settings.ts)
  vigil: {
    type: 'object',
    properties: {
      jobs: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: {
            every: { type: ['string', 'number'], format: 'duration', minimum: 1000, 'x-hint': 'a duration such as "1 minute", or milliseconds (at least 1000)' },
            disable: { type: 'boolean' },
          },
        },
      },
      due_tasks: {
        type: 'object',
        properties: { expire_after: { type: 'string', format: 'duration' } },
      },
    },
  },
};
