/** The scheduled jobs this build implements, by name. */
import type { Job } from './job';

export const JOBS: Record<string, Job> = {};
