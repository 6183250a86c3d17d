/** The scheduled jobs this build implements, by name. */
import type { Job } from './job';
import { dueTasksJob } from './due-tasks';
import { outboundJob } from './outbound';
import { remindersJob } from './reminders';
import { backgroundCleanupJob } from './background-cleanup';
import { createUserForContactsJob } from '../lib/users/job';

export const JOBS: Record<string, Job> = {
  [dueTasksJob.name]: dueTasksJob,
  [outboundJob.name]: outboundJob,
  [remindersJob.name]: remindersJob,
  [backgroundCleanupJob.name]: backgroundCleanupJob,
  [createUserForContactsJob.name]: createUserForContactsJob,
};
