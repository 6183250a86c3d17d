/** The shape of a JSON (SMS) form definition in `settings.forms` (spec 7.1), typed loosely: settings are user data. */
import type { Settings } from '../lib/types';

/** A label: a plain string (itself a translation key), a locale map, or `{ translations: [{ locale, content }] }`. */
export type Label = string | number | { [locale: string]: unknown; translations?: Array<{ locale?: string; content?: unknown }>; default?: unknown };

export interface FieldDef {
  labels?: { tiny?: Label; short?: Label; description?: Label };
  position?: number;
  type?: string;
  required?: boolean;
  /** `[[value, label], …]`: a coded value becomes its label */
  list?: Array<[unknown, unknown, ...unknown[]]>;
  [key: string]: unknown;
}

export interface FormDef {
  meta?: { code?: string; [key: string]: unknown };
  fields?: Record<string, FieldDef>;
  public_form?: boolean;
  facility_reference?: string;
  use_sentinel?: boolean;
  [key: string]: unknown;
}

/** A form with a usable `fields` object. */
export function hasFields(def: FormDef | undefined): def is FormDef & { fields: Record<string, FieldDef> } {
  return !!def && typeof def.fields === 'object' && def.fields !== null;
}

/** Field keys in definition order: the order positional (compact, Muvuku) values are assigned in. */
export function fieldKeys(def: FormDef | undefined): string[] {
  return hasFields(def) ? Object.keys(def.fields) : [];
}

/** `settings.forms[code]`, own properties only (a code such as `CONSTRUCTOR` must not find Object's prototype). */
export function getForm(settings: Settings, code: string | undefined): FormDef | undefined {
  const forms = settings.forms;
  if (code === undefined || !forms || typeof forms !== 'object') return undefined;
  if (!Object.prototype.hasOwnProperty.call(forms, code)) return undefined;
  const def = forms[code];
  return def && typeof def === 'object' ? (def as FormDef) : undefined;
}
