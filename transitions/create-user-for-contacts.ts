/**
 * create_user_for_contacts (spec 3.17, async-only): CHT users for person contacts. A contact created with
 * `user_for_contact.create: "true"` gets a token-login user; a `user_for_contact.replace[<username>]`
 * entry marked READY gets a new user for its replacement contact (the old user's password is reset).
 *
 * Works only beside a CHT deployment, through CHT's users API at env `CHT_API_URL`. Standalone, the
 * transition reports a configuration problem and stays off (only it).
 *
 * vigil fix #1: the API calls are not made here. The transition checks what it can, marks the queued
 * replace entries (`vigil_queued`) and returns an effect queueing the requests; the users job
 * (lib/users/job.ts) calls the API after the contact is saved and writes the outcome back to the contact
 * (status COMPLETE/ERROR, `create` removed, errors). So `transitions.create_user_for_contacts.ok: true`
 * means "queued"; a failure CHT reports later lands on the contact as in CHT.
 */
import { chtApiFromEnv, CHT_API_URL_ENV } from '../lib/users/config';
import {
  addUserError,
  isPersonContact,
  QUEUED_MARK,
  readyReplacements,
  replacementProblem,
  rolesOf,
  STATUS,
  TRANSITION,
  userProblem,
  wantsNewUser,
  type UserRequest,
} from '../lib/users/contact';
import { queueEffect } from '../lib/users/requests';
import type { ConfigProblem, Settings, Transition, TransitionContext, TransitionResult } from '../lib/types';

function configProblems(settings: Settings, env: NodeJS.ProcessEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const tokenLogin = settings.token_login;
  if (!tokenLogin || typeof tokenLogin !== 'object' || !tokenLogin.enabled) {
    problems.push({
      path: '$.token_login.enabled',
      section: 'token_login',
      message: 'Token login must be enabled to use the create_user_for_contacts transition.',
    });
  }
  if (!settings.app_url) {
    problems.push({ path: '$.app_url', section: 'app_url', message: 'The app_url must be defined to use the create_user_for_contacts transition.' });
  }
  const api = chtApiFromEnv(env);
  if (!api.ok) {
    problems.push({
      path: `$.transitions.${TRANSITION}`,
      section: 'transitions',
      message:
        api.reason === 'missing'
          ? `${TRANSITION} needs a CHT deployment: it creates users through CHT's users API. Set ${CHT_API_URL_ENV} (e.g. https://admin:pass@cht.example.org); standalone it stays disabled.`
          : `${CHT_API_URL_ENV} is not an http(s) URL`,
    });
  }
  return problems;
}

/** READY replacements: checked now where possible, queued otherwise; a create request is dropped. */
async function replace(ctx: TransitionContext, requests: UserRequest[], failures: string[]): Promise<void> {
  const uc = ctx.doc.user_for_contact;
  delete uc.create; // CHT does not create a user for a contact whose users are being replaced in the same run
  const queuedAt = new Date(ctx.clock.nowMs()).toISOString();
  for (const request of readyReplacements(ctx.doc)) {
    const entry = uc.replace[request.username];
    const replacement = request.replacement_contact_id ? await ctx.lookups.getDoc(request.replacement_contact_id) : undefined;
    const problem = replacementProblem(request, replacement);
    if (problem) {
      entry.status = STATUS.ERROR;
      failures.push(problem);
      continue;
    }
    entry[QUEUED_MARK] = queuedAt;
    requests.push(request);
  }
}

export function createUserForContactsTransition(env: NodeJS.ProcessEnv = process.env): Transition {
  return {
    name: TRANSITION,
    asynchronousOnly: true,
    sections: ['token_login', 'app_url'],
    validate: (settings) => configProblems(settings, env),
    filter: ({ doc, settings, initialProcessing }) =>
      isPersonContact(settings, doc) && (readyReplacements(doc).length > 0 || wantsNewUser(doc, initialProcessing)),

    async onMatch(ctx): Promise<TransitionResult> {
      const { doc } = ctx;
      const requests: UserRequest[] = [];
      const failures: string[] = [];
      if (readyReplacements(doc).length) {
        await replace(ctx, requests, failures);
      } else {
        const problem = userProblem(doc, rolesOf(doc));
        if (problem) failures.push(problem); // `create` stays: CHT leaves it on a failed contact
        else requests.push({ kind: 'create' });
      }
      addUserError(doc, failures);
      const effects = requests.length ? [queueEffect(doc._id, requests)] : [];
      return { changed: true, effects, ...(failures.length ? { failed: true } : {}) };
    },
  };
}

export const createUserForContacts: Transition = createUserForContactsTransition();
