/** Registrations: detection, lookups by subject, silencing and responses (spec 2.4, 3.4 steps 5–7). */
export { isValidRegistration, subjectIdsOf, getRegistrations } from './registrations';
export { silenceRegistrations, silenceTypes, silenceUntil, tasksToClear, clearTasks, SILENCE_OP, CLEARABLE_STATES } from './silence';
export type { SilenceArgs, SilenceEnv } from './silence';
export { respondedToBy, respondedTaskIndex, recordResponse, respondedArgs, RESPONDED_OP } from './responded';
export type { RespondedArgs } from './responded';
export { newestRegistration } from './newest';
export { toMillis } from './dates';
