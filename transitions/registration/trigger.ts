/** What a registration trigger gets and may do. */
import type { Effect, TransitionContext } from '../../lib/types';
import type { RegistrationConfig } from './config';

export interface TriggerEnv {
  ctx: TransitionContext;
  config: RegistrationConfig;
  /** effects to commit after the report is saved (new contacts, cleared schedules, the id length) */
  effects: Effect[];
  /** the event's position in `config.events`: part of the deterministic id of a doc the trigger creates */
  index: number;
}

/** Mutates `env.ctx.doc` and may add effects; rejections go onto the doc as errors and replies. */
export type Trigger = (env: TriggerEnv, params: unknown) => Promise<void>;
