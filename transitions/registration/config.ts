/** The `registrations[]` entry a report is for, and the shapes the transition reads (spec 3.3). */
import type { MessageConfig, Settings } from '../../lib/types';

export interface RegistrationEvent {
  name?: string;
  trigger?: string;
  params?: unknown;
  bool_expr?: string;
}

export interface RegistrationConfig {
  form: string;
  events?: RegistrationEvent[];
  validations?: { join_responses?: boolean; list?: any[] };
  messages?: MessageConfig[];
  [key: string]: unknown;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * CHT's isFormCodeSame (spec 2.4): `^\W*<code>\W*$`, case-insensitive, built from the REPORT's form and
 * tested against each configured form. vigil fix: CHT writes the leading part as a literal `W*` and does
 * not escape the code (no scenario depends on either), so "P" matched a configured "WP" there.
 */
export function isFormCodeSame(docForm: unknown, configForm: unknown): boolean {
  if (typeof docForm !== 'string' || typeof configForm !== 'string') return false;
  return new RegExp(`^\\W*${escapeRegex(docForm)}\\W*$`, 'i').test(configForm);
}

/** The first `registrations` entry whose form matches the report's. */
export function getRegistrationConfig(settings: Settings, form: unknown): RegistrationConfig | undefined {
  const list = settings.registrations;
  if (!Array.isArray(list)) return undefined;
  return list.find((entry) => entry && typeof entry === 'object' && isFormCodeSame(form, entry.form));
}
