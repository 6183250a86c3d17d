/**
 * The users API client and the worker, against a loopback fake of CHT's users API and an in-memory db:
 * the calls CHT gets, idempotent retries, and what lands on the contact and the request doc.
 */
import { ChtApiError, ChtUsersApi } from '../../../lib/users/api';
import { chtApiTarget, type ChtApiTarget } from '../../../lib/users/config';
import { ERROR_CODE, QUEUED_MARK } from '../../../lib/users/contact';
import { queueRequests, requestDocId, type RequestDoc } from '../../../lib/users/requests';
import { usernameCandidate } from '../../../lib/users/username';
import { processUserRequests, runTask, type WorkerDeps } from '../../../lib/users/worker';
import type { Doc } from '../../../lib/types';
import { NOW, T } from './context';
import { startFakeCht, type FakeCht } from './fake-cht';
import { memoryCouch } from './memory-db';

let cht: FakeCht;
let target: ChtApiTarget;
beforeEach(async () => {
  cht = await startFakeCht();
  target = (chtApiTarget(cht.url) as { target: ChtApiTarget }).target;
});
afterEach(() => cht.stop());

const clinic: Doc = { _id: 'clinic', type: 'clinic' };
const newPerson: Doc = { _id: 'new_person', type: 'person', name: 'New Person', phone: '+254712345678', parent: { _id: 'clinic' } };
const creating: Doc = { ...newPerson, roles: ['chw', 'other'], user_for_contact: { create: 'true' } };
const original: Doc = {
  _id: 'original',
  type: 'person',
  name: 'Original',
  parent: { _id: 'clinic' },
  user_for_contact: { replace: { original_user: { status: 'READY', replacement_contact_id: 'new_person', [QUEUED_MARK]: NOW } } },
};

const task = (contactId: string, requests: any[]): RequestDoc => queueRequests({ _id: requestDocId(contactId) }, { contactId, requests }, NOW) as RequestDoc;

function setup(medic: Doc[], tasks: RequestDoc[], over: Partial<WorkerDeps> = {}) {
  const couch = memoryCouch(medic, tasks);
  const deps: WorkerDeps = { couch: couch as any, api: new ChtUsersApi(target), nowMs: () => T, password: () => 'N3w-p4ssword!', random: () => 0, ...over };
  return { couch, deps };
}

describe('ChtUsersApi', () => {
  it('sends basic auth in a header, never in the URL, and reads CHT errors', async () => {
    const api = new ChtUsersApi(target);
    expect(await api.getUser('nobody')).toBeUndefined();
    await expect(api.createUser({ username: 'x', token_login: true, roles: ['chw'], contact: 'c', fullname: 'X' })).rejects.toMatchObject({
      status: 400,
      retryable: false,
      message: 'Missing required fields: phone',
    });
    expect(cht.requests.every((r) => r.authorization === target.authorization)).toBe(true);
    expect(target.base).toBe(cht.base);
  });

  it('marks 5xx and network failures retryable, and says so without credentials', async () => {
    cht.failNext('GET /api/v2/users/', 503);
    await expect(new ChtUsersApi(target).getUser('a')).rejects.toMatchObject({ status: 503, retryable: true });
    await cht.stop();
    const err = await new ChtUsersApi(target).getUser('a').catch((e) => e);
    expect(err).toBeInstanceOf(ChtApiError);
    expect(err).toMatchObject({ status: undefined, retryable: true });
    expect(err.message).not.toContain('p@ss');
    cht = await startFakeCht(); // for afterEach
  });
});

describe('creating a user for a new contact', () => {
  it('creates a token-login user with the contact details, removes `create`, deletes the request', async () => {
    const { couch, deps } = setup([clinic, creating], [task('new_person', [{ kind: 'create' }])]);
    expect(await processUserRequests(deps)).toEqual({ done: 1, retrying: 0, waiting: 0, errors: 0 });

    const username = usernameCandidate('New Person', 'create:new_person', 0);
    expect(username).toMatch(/^new-person-\d{4}$/);
    expect(cht.users.get(username)).toEqual({
      username,
      token_login: true,
      roles: ['chw', 'other'],
      phone: '+254712345678',
      place: 'clinic',
      contact: 'new_person',
      fullname: 'New Person',
    });
    const contact = await couch.medic.get('new_person');
    expect(contact.user_for_contact).toEqual({});
    expect(contact.errors).toBeUndefined();
    expect(couch.sentinel.docs.has(requestDocId('new_person'))).toBe(false);
  });

  it('checks each name first: skips names others hold, and recognises a user it created before', async () => {
    const first = usernameCandidate('New Person', 'create:new_person', 0);
    const second = usernameCandidate('New Person', 'create:new_person', 1);
    cht.users.set(first, { username: first, roles: ['x'], contact: 'someone-else' });
    const { couch, deps } = setup([clinic, creating], [task('new_person', [{ kind: 'create' }])]);
    await processUserRequests(deps);
    expect(cht.users.get(second)?.contact).toBe('new_person');

    // the same request again (e.g. the answer was lost): no second user
    const posts = () => cht.requests.filter((r) => r.method === 'POST').length;
    const before = posts();
    await runTask({ ...deps, couch: memoryCouch([clinic, creating]) as any }, task('new_person', [{ kind: 'create' }]));
    expect(posts()).toBe(before);
    expect([...cht.users.values()].filter((u) => u.contact === 'new_person')).toHaveLength(1);
    expect((await couch.medic.get('new_person')).user_for_contact).toEqual({});
  });

  it('records CHT refusals on the contact and keeps `create`', async () => {
    const { couch, deps } = setup([clinic, { ...creating, phone: 12345 }], [task('new_person', [{ kind: 'create' }])]);
    await processUserRequests(deps);
    const contact = await couch.medic.get('new_person');
    expect(contact.user_for_contact).toEqual({ create: 'true' });
    expect(contact.errors).toEqual([
      { code: ERROR_CODE, message: 'Transition error on create_user_for_contacts: A valid phone number is required for SMS login.' },
    ]);
    expect(couch.sentinel.docs.size).toBe(0);
  });

  it('retries transient failures with backoff, then succeeds', async () => {
    cht.failNext('POST /api/v1/users', 502);
    const { couch, deps } = setup([clinic, creating], [task('new_person', [{ kind: 'create' }])]);
    expect(await processUserRequests(deps)).toMatchObject({ retrying: 1 });
    const waiting = await couch.sentinel.get(requestDocId('new_person'));
    expect(waiting).toMatchObject({ attempts: 1, next_attempt: T + 48_000, last_error: 'injected 502' });
    expect((await couch.medic.get('new_person')).user_for_contact).toEqual({ create: 'true' });

    expect(await processUserRequests(deps)).toMatchObject({ waiting: 1 }); // not due yet
    expect(await processUserRequests({ ...deps, nowMs: () => T + 48_000 })).toMatchObject({ done: 1 });
    expect((await couch.medic.get('new_person')).user_for_contact).toEqual({});
  });

  it('gives up after maxAttempts', async () => {
    cht.failNext('GET /api/v2/users/', 500, 5);
    const { couch, deps } = setup([clinic, creating], [task('new_person', [{ kind: 'create' }])], { maxAttempts: 2 });
    await processUserRequests(deps);
    await processUserRequests({ ...deps, nowMs: () => T + 3600_000 });
    const contact = await couch.medic.get('new_person');
    expect(contact.errors[0].message).toMatch(/injected 500 \(gave up after 2 attempts\)/);
    expect(couch.sentinel.docs.size).toBe(0);
  });

  it('drops requests of a deleted contact', async () => {
    const { couch, deps } = setup([clinic], [task('new_person', [{ kind: 'create' }])]);
    expect(await processUserRequests(deps)).toMatchObject({ done: 1 });
    expect(couch.sentinel.docs.size).toBe(0);
    expect(cht.requests).toEqual([]);
  });
});

describe('replacing a user', () => {
  const replaceRequest = { kind: 'replace', username: 'original_user', replacement_contact_id: 'new_person' };
  beforeEach(() => cht.users.set('original_user', { username: 'original_user', roles: ['chw'], contact: 'original', password: 'old' }));

  it('creates a user for the replacement with the old roles, resets the old password, completes the entry', async () => {
    const { couch, deps } = setup([clinic, original, newPerson], [task('original', [replaceRequest])]);
    await processUserRequests(deps);
    const username = usernameCandidate('New Person', 'replace:original:original_user:new_person', 0);
    expect(cht.users.get(username)).toMatchObject({ roles: ['chw'], contact: 'new_person', phone: '+254712345678', place: 'clinic', token_login: true });
    expect(cht.users.get('original_user')?.password).toBe('N3w-p4ssword!');
    expect((await couch.medic.get('original')).user_for_contact).toEqual({
      replace: { original_user: { status: 'COMPLETE', replacement_contact_id: 'new_person' } },
    });
  });

  it('fails when the original user does not exist', async () => {
    cht.users.delete('original_user');
    const { couch, deps } = setup([clinic, original, newPerson], [task('original', [replaceRequest])]);
    await processUserRequests(deps);
    const contact = await couch.medic.get('original');
    expect(contact.user_for_contact.replace.original_user.status).toBe('ERROR');
    expect(contact.errors[0].message).toMatch(/Failed to find user with name \[original_user\] in the \[users\] database\./);
    expect([...cht.users.keys()]).toEqual([]);
  });

  it('fails when the replacement contact is gone', async () => {
    const { couch, deps } = setup([clinic, original], [task('original', [replaceRequest])]);
    await processUserRequests(deps);
    expect((await couch.medic.get('original')).errors[0].message).toMatch(/Failed to find person/);
  });

  it('survives a conflicting write to the contact (applied to the fresh doc)', async () => {
    const { couch, deps } = setup([clinic, original, newPerson], [task('original', [replaceRequest])]);
    couch.medic.conflictOnce.add('original');
    await processUserRequests(deps);
    expect((await couch.medic.get('original')).user_for_contact.replace.original_user.status).toBe('COMPLETE');
  });
});
