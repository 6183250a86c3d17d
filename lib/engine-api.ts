/**
 * The engine as other parts of vigil (CLI, compat runner, benchmarks, tests) drive it.
 * Implemented by lib/engine.ts.
 */
import type { Clock, ConfigProblem, Settings } from './types';
import type { Couch } from './couch/client';

export interface EngineOptions {
  couch: Couch;
  /** use these settings instead of the medic `settings` doc (file mode); the doc is then not watched */
  settings?: Settings;
  /** base clock (default: system clock); `synthetic_date` in settings still freezes it */
  clock?: Clock;
  /** docs transitioned at once inside a batch (default 8) */
  concurrency?: number;
  /** changes read per batch (default 200) */
  batchSize?: number;
  /** run only the changes whose doc id hashes into this partition (`i/n`) */
  partition?: { index: number; count: number };
  logger?: import('winston').Logger;
  /** the transition registry (default: every transition this build implements); tests inject their own */
  transitions?: import('./types').Transition[];
}

export interface DrainResult {
  processed: number;
  deadLettered: number;
  lastSeq: string;
}

export interface Engine {
  /** ensure databases and design docs exist; load settings and translations */
  init(): Promise<void>;
  /** process every change up to the database's current update_seq, then resolve */
  drain(): Promise<DrainResult>;
  /** follow the changes feed until stop() */
  start(): Promise<void>;
  /** finish the batch in flight, write the checkpoint, stop jobs */
  stop(): Promise<void>;
  /** run one scheduled job once (e.g. `due_tasks`) */
  runJob(name: string): Promise<void>;
  /** set the checkpoint to the current update_seq: existing docs are treated as already seen */
  markCaughtUp(): Promise<void>;
  /** re-read settings and translations now */
  reloadConfig(): Promise<void>;
  /** names of the transitions implemented by this build */
  implementedTransitions(): string[];
  /** names of the jobs implemented by this build */
  implementedJobs(): string[];
  /** config problems found at the last (re)load */
  configProblems(): ConfigProblem[];
}
