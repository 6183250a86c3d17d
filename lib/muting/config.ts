/** The `muting` settings section (spec 3.15) and how a report's form is classified against it. */
import type { MessageConfig, Settings } from '../types';

export interface MutingConfig {
  mute_forms: string[];
  unmute_forms?: string[];
  validations?: { list?: unknown[]; join_responses?: boolean; [key: string]: unknown };
  messages?: MessageConfig[];
}

/** The configured section, or an empty object (the transition's validate() reports a missing one). */
export function mutingConfig(settings: Settings): Partial<MutingConfig> {
  const section = settings.muting;
  return section && typeof section === 'object' && !Array.isArray(section) ? section : {};
}

/**
 * CHT's isFormCodeSame: a case-insensitive regex built from the REPORT's form code and tested against a
 * configured code. Kept as CHT has it (spec 2.4): the leading `W*` is a literal W (a missing backslash) and
 * the code is not escaped; a code that is not a valid regex matches nothing.
 */
export function isFormCodeSame(formCode: unknown, candidate: unknown): boolean {
  if (typeof formCode !== 'string' || typeof candidate !== 'string') return false;
  try {
    return new RegExp(`^W*${formCode}\\W*$`, 'i').test(candidate);
  } catch {
    return false;
  }
}

const codes = (list: unknown): string[] => (Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);

export function isMuteForm(config: Partial<MutingConfig>, form: unknown): boolean {
  return codes(config.mute_forms).some((code) => isFormCodeSame(form, code));
}

export function isUnmuteForm(config: Partial<MutingConfig>, form: unknown): boolean {
  return codes(config.unmute_forms).some((code) => isFormCodeSame(form, code));
}

/** The first `messages[]` entry of this event type (CHT's `_.find(messages, { event_type })`). */
export function messageFor(config: Partial<MutingConfig>, eventType: string): MessageConfig | undefined {
  return Array.isArray(config.messages) ? config.messages.find((m) => m && m.event_type === eventType) : undefined;
}
