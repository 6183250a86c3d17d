/** CHT users for contacts (spec 3.17): config, usernames, contact rules, queued requests, the API client, the worker and its job. */
export { CHT_API_URL_ENV, chtApiTarget, chtApiFromEnv, type ChtApiTarget, type ChtApiSetting } from './config';
export { normaliseName, usernameCandidate, suffixFor, suffixLength, MAX_COLLISIONS } from './username';
export {
  STATUS,
  QUEUED_MARK,
  ERROR_CODE,
  TRANSITION,
  requestKey,
  isPersonContact,
  readyReplacements,
  wantsNewUser,
  rolesOf,
  userProblem,
  replacementProblem,
  addUserError,
  recordOutcomes,
  type UserRequest,
  type RequestOutcome,
} from './contact';
export {
  REQUEST_PREFIX,
  REQUEST_TYPE,
  QUEUE_OP,
  SETTLE_OP,
  RECORD_OP,
  requestDocId,
  queueRequests,
  settleRequests,
  queueEffect,
  type RequestDoc,
  type QueueArgs,
  type SettleArgs,
} from './requests';
export { ChtUsersApi, ChtApiError, isUsernameTaken, userContactId, userRoles, API_TIMEOUT_MS, type ChtUser, type NewUser } from './api';
export { ensureUser, runTask, processUserRequests, DEFAULT_MAX_ATTEMPTS, USERS_BACKOFF, type UsersApi, type WorkerDeps, type WorkerSummary } from './worker';
export { usersJob, createUserForContactsJob, USERS_JOB_EVERY_MS, type UsersJobOptions } from './job';
