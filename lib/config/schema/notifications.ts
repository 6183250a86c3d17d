/** `notifications` (spec 3.12, update_notifications). */
import type { SchemaObject } from 'ajv';
import { messageConfigList, nonEmptyString, validations } from './messages';

export const notificationsSchema: Record<string, SchemaObject> = {
  notifications: {
    type: 'object',
    properties: {
      on_form: nonEmptyString,
      off_form: nonEmptyString,
      validations,
      messages: messageConfigList,
    },
  },
};
