/**
 * The `create_user_for_contacts` job: makes the CHT API calls queued by the transition of that name
 * (worker.ts). It runs only while the transition is enabled and healthy and `CHT_API_URL` is set;
 * otherwise the requests wait. Backoffs run on the wall clock (a synthetic_date would freeze them).
 */
import { leased } from '../../schedules/leased-job';
import type { Job, JobContext, JobSummary } from '../../schedules/job';
import { systemClock } from '../time/clock';
import { ChtUsersApi, type ChtUsersApiOptions } from './api';
import { chtApiFromEnv } from './config';
import { TRANSITION } from './contact';
import { processUserRequests, type WorkerDeps } from './worker';

export const USERS_JOB_EVERY_MS = 60_000;

export interface UsersJobOptions {
  env?: NodeJS.ProcessEnv;
  api?: ChtUsersApiOptions;
  worker?: Partial<Pick<WorkerDeps, 'password' | 'maxAttempts' | 'backoff' | 'random'>>;
}

export function usersJob(opts: UsersJobOptions = {}): Job {
  return leased({
    name: TRANSITION,
    everyMs: USERS_JOB_EVERY_MS,
    async run(ctx: JobContext): Promise<JobSummary> {
      if (!ctx.config.transitions.some((t) => t.name === TRANSITION)) return { skipped: 'transition not enabled' };
      const setting = chtApiFromEnv(opts.env ?? process.env);
      if (!setting.ok) return { skipped: `CHT_API_URL is ${setting.reason}` };
      const clock = ctx.leaseClock ?? systemClock('UTC');
      const summary = await processUserRequests({
        ...opts.worker,
        couch: ctx.couch,
        api: new ChtUsersApi(setting.target, opts.api),
        nowMs: () => clock.nowMs(),
        logger: ctx.logger,
        signal: ctx.signal,
      });
      return { ...summary };
    },
  });
}

/** The job as the scheduler registers it (schedules/index.ts). */
export const createUserForContactsJob: Job = usersJob();
