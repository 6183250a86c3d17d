/** The scheduled jobs this build implements, by name. */
import type { Job } from './job';
import { dueTasksJob } from './due-tasks';
import { outboundJob } from './outbound';

export const JOBS: Record<string, Job> = {
  [dueTasksJob.name]: dueTasksJob,
  [outboundJob.name]: outboundJob,
};
