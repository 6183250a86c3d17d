/**
 * `multi_report_alerts[]` (spec 3.11). CHT's init requires every one of these keys to be truthy; names must
 * be unique and the threshold at most 100 (semantic.ts), `is_report_counted` must compile to a function.
 */
import type { SchemaObject } from 'ajv';
import { messageContent, nonEmptyString } from './messages';

/** A positive integer, or a string CHT parseInts to one. */
const positiveIntegerLike: SchemaObject = {
  type: ['integer', 'string'],
  minimum: 1,
  pattern: '^\\s*[1-9]\\d*',
  'x-hint': 'a positive whole number',
};

export const multiReportAlert: SchemaObject = {
  type: 'object',
  properties: {
    name: nonEmptyString,
    is_report_counted: nonEmptyString,
    num_reports_threshold: { ...positiveIntegerLike, maximum: 100 },
    time_window_in_days: positiveIntegerLike,
    message: { ...messageContent, minLength: 1, minItems: 1 },
    // CHT accepts an empty list and skips empty entries (such an alert sends nothing)
    recipients: { type: 'array', items: { type: 'string' } },
    // CHT drops a non-array `forms` with a warning (semantic.ts)
  },
  required: ['name', 'is_report_counted', 'num_reports_threshold', 'time_window_in_days', 'message', 'recipients'],
};

export const multiReportAlertsSchema: Record<string, SchemaObject> = {
  multi_report_alerts: { type: 'array', items: multiReportAlert },
};
