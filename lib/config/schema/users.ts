/** Settings create_user_for_contacts reads (spec 3.17): `token_login.enabled`, `app_url`. */
import type { SchemaObject } from 'ajv';

export const usersSchema: Record<string, SchemaObject> = {
  token_login: {
    type: 'object',
    properties: { enabled: { type: 'boolean' }, translation_key: { type: 'string' } },
  },
  app_url: { type: 'string', pattern: '^https?://', 'x-hint': 'an http(s) URL' },
};
