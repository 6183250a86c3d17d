/** A scheduled job: runs once per tick (or on demand with `vigil jobs run NAME`). */
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import type { Lookups } from '../lib/types';
import type { ConfigSnapshot } from '../lib/runner/snapshot';

export interface JobContext {
  couch: Couch;
  config: ConfigSnapshot;
  lookups: Lookups;
  logger: Logger;
}

export interface Job {
  name: string;
  /** default interval between scheduled runs */
  everyMs: number;
  run(ctx: JobContext): Promise<void>;
}
