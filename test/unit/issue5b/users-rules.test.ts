/** create_user_for_contacts building blocks (spec 3.17): usernames, CHT_API_URL, contact rules, request ops. */
import { chtApiTarget } from '../../../lib/users/config';
import { ERROR_CODE, QUEUED_MARK, readyReplacements, recordOutcomes, rolesOf, userProblem, wantsNewUser, type RequestOutcome } from '../../../lib/users/contact';
import { queueRequests, requestDocId, settleRequests } from '../../../lib/users/requests';
import { normaliseName, suffixFor, suffixLength, usernameCandidate } from '../../../lib/users/username';
import type { Doc } from '../../../lib/types';
import { NOW } from './context';

describe('usernames', () => {
  it('normalise the name as CHT does', () => {
    expect(normaliseName('  Zoë  Ã-Bébé ')).toBe('zoe-abebe');
    expect(normaliseName('Mary  Anne_O’Neil 2')).toBe('mary-anneoneil-2') // '_' and '’' are dropped, not separators;
  });

  it('get a 4-digit suffix, one digit longer every 10 collisions', () => {
    expect([0, 9, 10, 19, 20, 100].map(suffixLength)).toEqual([4, 4, 5, 5, 6, 14]);
    expect(usernameCandidate('New Person', 'seed', 0)).toMatch(/^new-person-\d{4}$/);
    expect(usernameCandidate('New Person', 'seed', 10)).toMatch(/^new-person-\d{5}$/);
    expect(suffixFor('seed', 100)).toMatch(/^\d{14}$/);
  });

  it('are the same for the same request and differ between requests and attempts', () => {
    expect(usernameCandidate('A', 'create:p1', 0)).toBe(usernameCandidate('A', 'create:p1', 0));
    const many = new Set([0, 1, 2, 3, 4].map((n) => suffixFor('create:p1', n)));
    expect(many.size).toBeGreaterThan(3);
    expect(suffixFor('create:p1', 0)).not.toBe(suffixFor('create:p2', 0));
  });
});

describe('CHT_API_URL', () => {
  it('splits the credentials off into a header and never shows them', () => {
    const parsed = chtApiTarget('https://admin:s%40cret@cht.example.org/');
    expect(parsed).toEqual({
      ok: true,
      target: {
        base: 'https://cht.example.org',
        authorization: `Basic ${Buffer.from('admin:s@cret').toString('base64')}`,
        display: 'https://cht.example.org',
      },
    });
    expect(chtApiTarget('http://cht.local:5988/prefix/').ok && (chtApiTarget('http://cht.local:5988/prefix/') as any).target.base).toBe('http://cht.local:5988/prefix');
  });

  it('is missing when unset or blank, invalid when not http(s)', () => {
    expect(chtApiTarget(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(chtApiTarget(' ')).toEqual({ ok: false, reason: 'missing' });
    expect(chtApiTarget('not a url')).toEqual({ ok: false, reason: 'invalid' });
    expect(chtApiTarget('ftp://x')).toEqual({ ok: false, reason: 'invalid' });
  });
});

const person = (uc: any, over: Partial<Doc> = {}): Doc => ({ _id: 'p', type: 'person', name: 'P', user_for_contact: uc, ...over });

describe('user_for_contact rules', () => {
  it('READY replace entries not queued yet', () => {
    const doc = person({
      replace: {
        a: { status: 'READY', replacement_contact_id: 'n1' },
        b: { status: 'PENDING', replacement_contact_id: 'n2' },
        c: { status: 'READY' },
        d: { status: 'READY', replacement_contact_id: 'n3', [QUEUED_MARK]: NOW },
        e: 'READY',
      },
    });
    expect(readyReplacements(doc)).toEqual([
      { kind: 'replace', username: 'a', replacement_contact_id: 'n1' },
      { kind: 'replace', username: 'c' },
    ]);
    expect(readyReplacements(person(undefined))).toEqual([]);
  });

  it('create only for the string "true", only on the first processing', () => {
    expect(wantsNewUser(person({ create: 'true' }), true)).toBe(true);
    expect(wantsNewUser(person({ create: 'true' }), false)).toBe(false);
    expect(wantsNewUser(person({ create: true }), true)).toBe(false);
    expect(wantsNewUser(person({ create: 'false' }), true)).toBe(false);
  });

  it('roles from `roles`, else `role`; name and roles are required', () => {
    expect(rolesOf({ _id: 'x', roles: ['a', 'b'], role: 'c' })).toEqual(['a', 'b']);
    expect(rolesOf({ _id: 'x', roles: [], role: 'c' })).toEqual(['c']);
    expect(rolesOf({ _id: 'x' })).toBeUndefined();
    expect(userProblem({ _id: 'x', name: 'N' }, ['r'])).toBeUndefined();
    expect(userProblem({ _id: 'x' }, ['r'])).toBe('Contact [x] must have a name.');
    expect(userProblem({ _id: 'x', name: 'N' }, undefined)).toMatch(/must have a "role" or "roles" property/);
  });
});

describe('recording outcomes on the contact', () => {
  const queued = () =>
    person({
      create: 'true',
      replace: {
        a: { status: 'READY', replacement_contact_id: 'n1', [QUEUED_MARK]: NOW },
        b: { status: 'READY', replacement_contact_id: 'n2', [QUEUED_MARK]: NOW },
      },
    });

  it('completes or fails each replace entry, removes `create` and adds one error', () => {
    const outcomes: RequestOutcome[] = [
      { request: { kind: 'replace', username: 'a', replacement_contact_id: 'n1' }, ok: true, username: 'new-1234' },
      { request: { kind: 'replace', username: 'b', replacement_contact_id: 'n2' }, ok: false, message: 'Failed A' },
    ];
    const next = recordOutcomes(queued(), outcomes) as Doc;
    expect(next.user_for_contact).toEqual({
      replace: { a: { status: 'COMPLETE', replacement_contact_id: 'n1' }, b: { status: 'ERROR', replacement_contact_id: 'n2' } },
    });
    expect(next.errors).toEqual([{ code: ERROR_CODE, message: 'Transition error on create_user_for_contacts: Failed A' }]);
    expect(recordOutcomes(next, outcomes)).toBeNull(); // replay: nothing left to change
  });

  it('leaves an entry re-set meanwhile for another replacement alone', () => {
    const doc = queued();
    doc.user_for_contact.replace.a = { status: 'READY', replacement_contact_id: 'other' };
    const next = recordOutcomes(doc, [{ request: { kind: 'replace', username: 'a', replacement_contact_id: 'n1' }, ok: true }]);
    expect(next).toBeNull();
  });

  it('a created user removes `create`; a failed one keeps it', () => {
    expect((recordOutcomes(person({ create: 'true' }), [{ request: { kind: 'create' }, ok: true }]) as Doc).user_for_contact).toEqual({});
    const failed = recordOutcomes(person({ create: 'true' }), [{ request: { kind: 'create' }, ok: false, message: 'Missing required fields: phone' }]) as Doc;
    expect(failed.user_for_contact).toEqual({ create: 'true' });
    expect(failed.errors[0].message).toMatch(/Missing required fields: phone/);
  });
});

describe('request doc ops', () => {
  const create = { kind: 'create' as const };
  const replaceA = { kind: 'replace' as const, username: 'a', replacement_contact_id: 'n1' };

  it('queue creates the doc and adds only new requests', () => {
    const doc = queueRequests({ _id: requestDocId('p') }, { contactId: 'p', requests: [create] }, NOW) as Doc;
    expect(doc).toEqual({ _id: 'task:cht-user:p', type: 'task:cht-user', contact_id: 'p', created: Date.parse(NOW), requests: [create] });
    expect(queueRequests(doc, { contactId: 'p', requests: [create] }, NOW)).toBeNull();
    expect((queueRequests(doc, { contactId: 'p', requests: [create, replaceA] }, NOW) as Doc).requests).toEqual([create, replaceA]);
  });

  it('settle removes finished requests, keeps retry state, deletes an empty doc', () => {
    const doc: Doc = { _id: 'task:cht-user:p', _rev: '2-a', type: 'task:cht-user', contact_id: 'p', created: 1, requests: [create, replaceA] };
    const retry = { attempts: 1, nextAttempt: 99, error: 'boom' };
    expect(settleRequests(doc, { done: ['create'], retry })).toEqual({ ...doc, requests: [replaceA], attempts: 1, next_attempt: 99, last_error: 'boom' });
    expect(settleRequests(doc, { done: ['create', 'replace:a'] })).toEqual({ _id: doc._id, _rev: '2-a', _deleted: true });
    expect(settleRequests({ _id: 'x' }, { done: [] })).toBeNull();
  });
});
