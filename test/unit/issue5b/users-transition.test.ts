/** The create_user_for_contacts transition (spec 3.17): config checks, filter, and the requests it queues. */
import { QUEUED_MARK } from '../../../lib/users/contact';
import { QUEUE_OP } from '../../../lib/users/requests';
import type { Doc, Settings } from '../../../lib/types';
import { resolveTransitions } from '../../../lib/config/enabled';
import { createUserForContactsTransition } from '../../../transitions/create-user-for-contacts';
import { generateShortcodeOnContacts } from '../../../transitions/generate-shortcode-on-contacts';
import { CONTACT_TYPES, context, NOW } from './context';

const ENV = { CHT_API_URL: 'https://admin:secret@cht.example.org' };
const cufc = createUserForContactsTransition(ENV);
const settings: Settings = { contact_types: CONTACT_TYPES, token_login: { enabled: true }, app_url: 'https://cht.example.org' };

const newPerson: Doc = { _id: 'new_person', type: 'person', name: 'New Person', phone: '+254712345678', parent: { _id: 'clinic' } };
const original = (uc: any): Doc => ({ _id: 'original', type: 'person', name: 'Original', parent: { _id: 'clinic' }, user_for_contact: uc });

describe('create_user_for_contacts configuration', () => {
  it('is fine beside CHT with token login and app_url', () => {
    expect(cufc.validate!(settings)).toEqual([]);
  });

  it('needs token_login.enabled and app_url (CHT init errors), disabling only itself', () => {
    const problems = cufc.validate!({ ...settings, token_login: { enabled: false }, app_url: '' });
    expect(problems).toEqual([
      expect.objectContaining({ path: '$.token_login.enabled', message: expect.stringMatching(/Token login must be enabled/) }),
      expect.objectContaining({ path: '$.app_url', message: expect.stringMatching(/app_url must be defined/) }),
    ]);
  });

  it('standalone (no CHT_API_URL): a problem at its own transitions entry', () => {
    const problems = createUserForContactsTransition({}).validate!(settings);
    expect(problems).toEqual([
      expect.objectContaining({ path: '$.transitions.create_user_for_contacts', message: expect.stringMatching(/needs a CHT deployment.*CHT_API_URL/) }),
    ]);
    const invalid = createUserForContactsTransition({ CHT_API_URL: 'cht.example.org' }).validate!(settings);
    expect(invalid[0].message).toBe('CHT_API_URL is not an http(s) URL');
  });
});

describe('create_user_for_contacts filter', () => {
  const filter = (doc: Doc, initialProcessing = true, s: Settings = settings) => cufc.filter(context(doc, s, [], { initialProcessing }));

  it('takes new configured persons with create "true", and persons with READY replacements', () => {
    expect(filter({ ...newPerson, user_for_contact: { create: 'true' } })).toBe(true);
    expect(filter({ ...newPerson, user_for_contact: { create: 'true' } }, false)).toBe(false); // an edit never creates
    expect(filter({ ...newPerson, user_for_contact: { create: 'false' } })).toBe(false);
    expect(filter(original({ replace: { u: { status: 'READY', replacement_contact_id: 'new_person' } } }), false)).toBe(true);
    expect(filter(original({ replace: { u: { status: 'PENDING', replacement_contact_id: 'new_person' } } }), false)).toBe(false);
    expect(filter(original({ replace: { u: { status: 'READY', replacement_contact_id: 'new_person', [QUEUED_MARK]: NOW } } }), false)).toBe(false);
  });

  it('ignores places and unconfigured types', () => {
    expect(filter({ _id: 'clinic', type: 'clinic', user_for_contact: { create: 'true' } })).toBe(false);
    expect(filter({ ...newPerson, user_for_contact: { create: 'true' } }, true, { ...settings, contact_types: [] })).toBe(false);
  });
});

describe('create_user_for_contacts', () => {
  it('queues a create request for a valid new contact; the contact keeps `create` until the user exists', async () => {
    const doc: Doc = { ...newPerson, role: 'chw', user_for_contact: { create: 'true' } };
    const out = await cufc.onMatch(context(doc, settings));
    expect(out).toEqual({
      changed: true,
      effects: [{ kind: 'update', db: 'sentinel', id: 'task:cht-user:new_person', op: QUEUE_OP, args: { contactId: 'new_person', requests: [{ kind: 'create' }] } }],
    });
    expect(doc.user_for_contact).toEqual({ create: 'true' });
    expect(doc.errors).toBeUndefined();
  });

  it('fails a contact without roles at once (recorded ok: false, create kept)', async () => {
    const doc: Doc = { ...newPerson, user_for_contact: { create: 'true' } };
    const out = await cufc.onMatch(context(doc, settings));
    expect(out).toEqual({ changed: true, effects: [], failed: true });
    expect(doc.errors).toEqual([
      { code: 'create_user_for_contacts_error', message: 'Transition error on create_user_for_contacts: Contact [new_person] must have a "role" or "roles" property.' },
    ]);
    expect(doc.user_for_contact).toEqual({ create: 'true' });
  });

  it('queues READY replacements, marks them, drops a create request, and fails the ones it can check now', async () => {
    const doc = original({
      create: 'true',
      replace: {
        u1: { status: 'READY', replacement_contact_id: 'new_person' },
        u2: { status: 'READY', replacement_contact_id: 'ghost' },
        u3: { status: 'READY' },
        u4: { status: 'COMPLETE', replacement_contact_id: 'new_person' },
      },
    });
    const out = await cufc.onMatch(context(doc, settings, [newPerson]));
    expect(out.failed).toBe(true);
    expect(out.effects).toEqual([
      {
        kind: 'update',
        db: 'sentinel',
        id: 'task:cht-user:original',
        op: QUEUE_OP,
        args: { contactId: 'original', requests: [{ kind: 'replace', username: 'u1', replacement_contact_id: 'new_person' }] },
      },
    ]);
    expect(doc.user_for_contact).toEqual({
      replace: {
        u1: { status: 'READY', replacement_contact_id: 'new_person', [QUEUED_MARK]: NOW },
        u2: { status: 'ERROR', replacement_contact_id: 'ghost' },
        u3: { status: 'ERROR' },
        u4: { status: 'COMPLETE', replacement_contact_id: 'new_person' },
      },
    });
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0].message).toBe(
      'Transition error on create_user_for_contacts: Failed to find person [ghost]., No id was provided for the new replacement contact.',
    );
  });

  it('checks the replacement has a name', async () => {
    const doc = original({ replace: { u1: { status: 'READY', replacement_contact_id: 'new_person' } } });
    await cufc.onMatch(context(doc, settings, [{ ...newPerson, name: undefined }]));
    expect(doc.errors[0].message).toMatch(/Contact \[new_person\] must have a name\./);
  });
});

describe('create_user_for_contacts standalone', () => {
  it('is disabled alone: the other transitions keep running', () => {
    const s = { ...settings, transitions: { create_user_for_contacts: true, generate_shortcode_on_contacts: true } };
    const standalone = createUserForContactsTransition({});
    const resolved = resolveTransitions(s, [standalone, generateShortcodeOnContacts]);
    expect(resolved.enabled.map((t) => t.name)).toEqual(['generate_shortcode_on_contacts']);
    expect(resolved.disabled).toEqual([
      { name: 'create_user_for_contacts', problems: [expect.objectContaining({ path: '$.transitions.create_user_for_contacts' })] },
    ]);
    expect(resolveTransitions(s, [cufc, generateShortcodeOnContacts]).disabled).toEqual([]);
  });
});
