/**
 * The `user_for_contact` property of a person contact (spec 3.17), and the pure rules around it:
 *
 * ```json
 * "user_for_contact": {
 *   "create": "true",
 *   "replace": { "<old username>": { "replacement_contact_id": "<person id>", "status": "READY" } }
 * }
 * ```
 * Statuses: PENDING (set by the offline app until it has synced), READY, COMPLETE, ERROR.
 *
 * vigil marks a READY entry it has queued with `vigil_queued` (an ISO date) instead of changing its status,
 * so CHT's apps still see it as "being replaced"; the marker goes when the status becomes COMPLETE/ERROR.
 */
import { getContactType, isPersonType } from '../runner/contact-types';
import type { Doc, Settings } from '../types';

export const STATUS = { READY: 'READY', COMPLETE: 'COMPLETE', ERROR: 'ERROR' } as const;
export const QUEUED_MARK = 'vigil_queued';
export const TRANSITION = 'create_user_for_contacts';
/** vigil's code drops CHT's stray apostrophe (`create_user_for_contacts_error'`), as the runner does. */
export const ERROR_CODE = `${TRANSITION}_error`;

/** What to do for one contact, as data: it travels in an effect and waits in the sentinel db. */
export type UserRequest =
  | { kind: 'create' }
  | { kind: 'replace'; username: string; replacement_contact_id?: string };

export const requestKey = (r: UserRequest): string => (r.kind === 'create' ? 'create' : `replace:${r.username}`);

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A contact of a CONFIGURED person type (CHT's contact-types-utils; hard-coded types without config don't count). */
export const isPersonContact = (settings: Settings, doc: Doc): boolean => isPersonType(getContactType(settings, doc));

/** READY replace entries not queued yet, in key order. */
export function readyReplacements(doc: Doc): Array<Extract<UserRequest, { kind: 'replace' }>> {
  const replace = doc.user_for_contact?.replace;
  if (!isObject(replace)) return [];
  return Object.entries(replace)
    .filter(([, entry]) => isObject(entry) && entry.status === STATUS.READY && !entry[QUEUED_MARK])
    .map(([username, entry]) => ({
      kind: 'replace' as const,
      username,
      ...(typeof entry.replacement_contact_id === 'string' && entry.replacement_contact_id ? { replacement_contact_id: entry.replacement_contact_id } : {}),
    }));
}

/** `create: "true"` (the string, as forms write it) counts only the first time the contact is processed. */
export const wantsNewUser = (doc: Doc, initialProcessing: boolean): boolean => initialProcessing && doc.user_for_contact?.create === 'true';

/** Roles for a created user: a non-empty `roles` array, else `[role]`. */
export function rolesOf(contact: Doc): string[] | undefined {
  if (Array.isArray(contact.roles) && contact.roles.length) return contact.roles;
  if (typeof contact.role === 'string' && contact.role) return [contact.role];
  return undefined;
}

/** Why a user cannot be created for this contact before asking CHT (the API checks the phone itself). */
export function userProblem(contact: Doc, roles: unknown): string | undefined {
  if (!contact.name) return `Contact [${contact._id}] must have a name.`;
  if (!Array.isArray(roles) || !roles.length) return `Contact [${contact._id}] must have a "role" or "roles" property.`;
  return undefined;
}

/** Why a replacement cannot go ahead, given the replacement contact (undefined = not found). */
export function replacementProblem(request: Extract<UserRequest, { kind: 'replace' }>, replacement: Doc | undefined): string | undefined {
  if (!request.replacement_contact_id) return 'No id was provided for the new replacement contact.';
  if (!replacement) return `Failed to find person [${request.replacement_contact_id}].`;
  if (!replacement.name) return `Contact [${replacement._id}] must have a name.`;
  return undefined;
}

/** `{code, message}` into doc.errors unless that code is there already (CHT's dedup by code). */
export function addUserError(doc: Doc, messages: string[]): void {
  if (!messages.length) return;
  doc.errors = Array.isArray(doc.errors) ? doc.errors : [];
  if (doc.errors.some((e: any) => e && e.code === ERROR_CODE)) return;
  doc.errors.push({ code: ERROR_CODE, message: `Transition error on ${TRANSITION}: ${messages.join(', ')}` });
}

/** What became of one request. */
export interface RequestOutcome {
  request: UserRequest;
  ok: boolean;
  message?: string;
  /** the username created (or found already created) */
  username?: string;
}

/**
 * Writes finished requests into the (fresh) contact: a replace entry becomes COMPLETE or ERROR (only the
 * entry the request was about: one re-set meanwhile is left alone), a created user removes `create`
 * (CHT's API does the same), failures add one error. Returns null when nothing changes.
 */
export function recordOutcomes(contact: Doc, outcomes: RequestOutcome[]): Doc | null {
  const next = structuredClone(contact);
  const uc = next.user_for_contact;
  let changed = false;
  const failures: string[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok && outcome.message) failures.push(outcome.message);
    const { request } = outcome;
    if (request.kind === 'create') {
      if (outcome.ok && isObject(uc) && 'create' in uc) {
        delete uc.create;
        changed = true;
      }
      continue;
    }
    const entry = isObject(uc) && isObject(uc.replace) ? uc.replace[request.username] : undefined;
    if (!isObject(entry) || entry.status !== STATUS.READY) continue;
    if ((entry.replacement_contact_id || undefined) !== request.replacement_contact_id) continue;
    entry.status = outcome.ok ? STATUS.COMPLETE : STATUS.ERROR;
    delete entry[QUEUED_MARK];
    if (outcome.ok && 'create' in uc) delete uc.create;
    changed = true;
  }
  const before = Array.isArray(next.errors) ? next.errors.length : 0;
  addUserError(next, failures);
  if ((Array.isArray(next.errors) ? next.errors.length : 0) !== before) changed = true;
  return changed ? next : null;
}
