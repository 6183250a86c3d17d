/** Everything a batch needs from the configuration, captured once so a reload never changes a batch mid-way. */
import type { Clock, ConfigProblem, Expressions, Messaging, Settings, Transition, Translations } from '../types';

export interface ConfigSnapshot {
  version: number;
  settings: Settings;
  translations: Translations;
  /** enabled transitions, in library order */
  transitions: Transition[];
  disabled: Array<{ name: string; problems: ConfigProblem[] }>;
  unknown: string[];
  problems: ConfigProblem[];
  clock: Clock;
  messaging: Messaging;
  expressions: Expressions;
}
