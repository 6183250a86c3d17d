/**
 * Carries out queued user requests (requests.ts) through CHT's users API, after the contact that asked
 * for them was saved (vigil fix #1: CHT calls the API inside the transition, so a failed save repeats it).
 *
 * Idempotent: usernames are derived from the request (username.ts) and looked up before creating, so a
 * request retried after a crash or a lost answer finds the user it created; resetting a replaced user's
 * password again is harmless. Outcomes go into the contact (statuses, `create` removed, errors) and the
 * request doc through update ops on fresh docs. Network trouble and 5xx answers are retried with backoff,
 * up to `maxAttempts`; anything else is final.
 */
import { randomBytes } from 'node:crypto';
import type { Couch } from '../couch/client';
import { statusOf } from '../couch/client';
import { prefixPage } from '../couch/bulk';
import { applyEffects } from '../runner/effects';
import { backoffDelay, type BackoffOptions } from '../util/backoff';
import type { Doc, Effect } from '../types';
import { ChtApiError, isUsernameTaken, userContactId, userRoles, type ChtUsersApi } from './api';
import { replacementProblem, requestKey, rolesOf, userProblem, type RequestOutcome, type UserRequest } from './contact';
import { RECORD_OP, REQUEST_PREFIX, SETTLE_OP, type RequestDoc, type SettleArgs } from './requests';
import { MAX_COLLISIONS, usernameCandidate } from './username';

export type UsersApi = Pick<ChtUsersApi, 'getUser' | 'createUser' | 'setPassword'>;

export const DEFAULT_MAX_ATTEMPTS = 8;
export const USERS_BACKOFF: BackoffOptions = { baseMs: 60_000, maxMs: 6 * 3600_000, jitter: 0.2 };

export interface WorkerLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
}

export interface WorkerDeps {
  couch: Pick<Couch, 'medic' | 'sentinel'>;
  api: UsersApi;
  nowMs(): number;
  /** a new password for replaced users (default: 32 random characters) */
  password?: () => string;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  logger?: WorkerLogger;
  signal?: AbortSignal;
}

/** A failure that retrying will not fix. */
class Final extends Error {}

/** Strong enough for CHT's password rules (length, mixed characters); nobody needs to know it. */
const defaultPassword = (): string => `${randomBytes(24).toString('base64url')}aA1!`;

async function readDoc(couch: WorkerDeps['couch'], id: string): Promise<Doc | undefined> {
  try {
    const doc = (await couch.medic.get(id)) as Doc;
    return doc._deleted ? undefined : doc;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

interface UserSpec {
  /** identifies the request: the same seed always gives the same candidate names */
  seed: string;
  person: Doc;
  roles: string[];
}

/**
 * The user for this request, created unless an earlier attempt did. Candidates are tried in order: a
 * free name is created; a name held by a user of this very contact is ours already; any other is a
 * collision.
 */
export async function ensureUser(api: UsersApi, spec: UserSpec): Promise<string> {
  const { person } = spec;
  for (let collisions = 0; collisions <= MAX_COLLISIONS; collisions++) {
    const username = usernameCandidate(String(person.name), spec.seed, collisions);
    const existing = await api.getUser(username);
    if (existing) {
      if (userContactId(existing) === person._id) return username;
      continue;
    }
    try {
      await api.createUser({
        username,
        token_login: true,
        roles: spec.roles,
        phone: person.phone,
        place: person.parent?._id,
        contact: person._id,
        fullname: String(person.name),
      });
      return username;
    } catch (err) {
      if (isUsernameTaken(err)) continue; // taken between the check and the create
      throw err;
    }
  }
  throw new Final(`Could not generate a unique username for contact [${person.name}].`);
}

async function createFor(deps: WorkerDeps, contact: Doc): Promise<string> {
  const roles = rolesOf(contact);
  const problem = userProblem(contact, roles);
  if (problem) throw new Final(problem);
  return ensureUser(deps.api, { seed: `create:${contact._id}`, person: contact, roles: roles as string[] });
}

async function replaceFor(deps: WorkerDeps, contact: Doc, request: Extract<UserRequest, { kind: 'replace' }>): Promise<string> {
  const replacement = request.replacement_contact_id ? await readDoc(deps.couch, request.replacement_contact_id) : undefined;
  const problem = replacementProblem(request, replacement);
  if (problem) throw new Final(problem);
  const person = replacement as Doc;
  const original = await deps.api.getUser(request.username);
  if (!original) throw new Final(`Failed to find user with name [${request.username}] in the [users] database.`);
  const username = await ensureUser(deps.api, {
    seed: `replace:${contact._id}:${request.username}:${person._id}`,
    person,
    roles: userRoles(original),
  });
  // the replaced user can no longer log in (CHT's resetPassword)
  await deps.api.setPassword(request.username, (deps.password ?? defaultPassword)());
  return username;
}

type Attempt = RequestOutcome & { retry?: boolean };

async function attempt(deps: WorkerDeps, contact: Doc, request: UserRequest): Promise<Attempt> {
  try {
    const username = request.kind === 'create' ? await createFor(deps, contact) : await replaceFor(deps, contact, request);
    return { request, ok: true, username };
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    const retry = err instanceof ChtApiError ? err.retryable : !(err instanceof Final);
    return { request, ok: false, message, retry };
  }
}

export type TaskResult = 'done' | 'retry' | 'waiting';

/** Works through one request doc; returns what became of it. */
export async function runTask(deps: WorkerDeps, task: RequestDoc): Promise<TaskResult> {
  const now = deps.nowMs();
  if (typeof task.next_attempt === 'number' && task.next_attempt > now) return 'waiting';
  const nowIso = new Date(now).toISOString();
  const requests: UserRequest[] = Array.isArray(task.requests) ? task.requests : [];
  const contact = await readDoc(deps.couch, task.contact_id);
  if (!contact) {
    // the contact is gone: nobody to create a user for, nowhere to record an outcome
    deps.logger?.warn('user requests dropped: their contact no longer exists', { contact_id: task.contact_id });
    await applyEffects(deps.couch as Couch, [settleEffect(task, { done: requests.map(requestKey) })], nowIso);
    return 'done';
  }

  const attempts = (typeof task.attempts === 'number' ? task.attempts : 0) + 1;
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const finals: RequestOutcome[] = [];
  const pending: Attempt[] = [];
  for (const request of requests) {
    const a = await attempt(deps, contact, request);
    if (!a.ok && a.retry && attempts < maxAttempts) pending.push(a);
    else {
      const message = !a.ok && a.retry ? `${a.message} (gave up after ${attempts} attempts)` : a.message;
      finals.push({ request: a.request, ok: a.ok, ...(message ? { message } : {}), ...(a.username ? { username: a.username } : {}) });
    }
  }

  for (const f of finals) {
    if (f.ok) deps.logger?.info('CHT user ready for contact', { contact_id: contact._id, request: requestKey(f.request), username: f.username });
    else deps.logger?.warn('CHT user request failed', { contact_id: contact._id, request: requestKey(f.request), error: f.message });
  }
  const effects: Effect[] = [];
  if (finals.length) effects.push({ kind: 'update', id: contact._id, op: RECORD_OP, args: { outcomes: finals } });
  const settle: SettleArgs = { done: finals.map((f) => requestKey(f.request)) };
  if (pending.length) {
    settle.retry = {
      attempts,
      nextAttempt: now + backoffDelay(attempts - 1, deps.backoff ?? USERS_BACKOFF, deps.random),
      error: pending.map((p) => p.message).join(', '),
    };
  }
  effects.push(settleEffect(task, settle));
  await applyEffects(deps.couch as Couch, effects, nowIso);
  return pending.length ? 'retry' : 'done';
}

const settleEffect = (task: RequestDoc, args: SettleArgs): Effect => ({ kind: 'update', db: 'sentinel', id: task._id, op: SETTLE_OP, args });

/** One page of request docs after `afterId` (exclusive), in id order. */
function page(couch: WorkerDeps['couch'], afterId: string | undefined, limit: number): Promise<RequestDoc[]> {
  return prefixPage<RequestDoc>(couch.sentinel, REQUEST_PREFIX, afterId, limit);
}

export interface WorkerSummary {
  done: number;
  retrying: number;
  waiting: number;
  errors: number;
}

/** Every queued request doc, page by page; one failing doc never stops the others. */
export async function processUserRequests(deps: WorkerDeps, pageSize = 100): Promise<WorkerSummary> {
  const summary: WorkerSummary = { done: 0, retrying: 0, waiting: 0, errors: 0 };
  let after: string | undefined;
  for (;;) {
    if (deps.signal?.aborted) break;
    const tasks = await page(deps.couch, after, pageSize);
    for (const task of tasks) {
      if (deps.signal?.aborted) break;
      try {
        const result = await runTask(deps, task);
        if (result === 'done') summary.done++;
        else if (result === 'retry') summary.retrying++;
        else summary.waiting++;
      } catch (err) {
        summary.errors++; // a database problem: the doc stays queued for the next run
        deps.logger?.warn('user requests could not be processed', { id: task._id, error: String((err as Error)?.message ?? err) });
      }
    }
    if (tasks.length < pageSize) break;
    after = tasks[tasks.length - 1]._id;
  }
  return summary;
}
