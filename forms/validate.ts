/**
 * Validation of parsed SMS data and the errors API adds to the record (spec 7.3), in CHT's order:
 * type errors (field order), `sys.missing_fields`, `extra_fields`, `sys.empty`, `sys.form_not_found`.
 */
import type { Translations } from '../lib/types';
import { hasFields, type FormDef } from './definition';
import { errorText } from './error-text';

export interface FormError {
  code: string;
  ctx?: Record<string, unknown>;
}

const exists = (v: unknown): boolean => v !== undefined && v !== null;

/** The type a present value must have; undefined when the type is not checked (date, month, phone, …). */
function typeProblem(type: unknown, value: unknown): string | undefined {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'integer';
    case 'string':
      return typeof value === 'string' ? undefined : 'string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'boolean';
    case 'complex':
      return typeof value === 'object' ? undefined : 'complex';
    default:
      return undefined;
  }
}

/**
 * Required and type checks. Fields are looked up by their flat key in the (nested) data, so a required
 * dotted field (`visit.date`) is always reported missing and a dotted field is never type-checked: CHT
 * does the same. Fields with a `list` are not type-checked (their value is a label by then).
 */
export function validateFormData(def: FormDef | undefined, data: Record<string, unknown> = {}): FormError[] {
  if (!hasFields(def)) return [];
  const errors: FormError[] = [];
  const missing: string[] = [];
  for (const [key, field] of Object.entries(def.fields)) {
    const value = Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
    if (field?.required && !exists(value)) {
      missing.push(key);
    } else if (exists(value) && !field?.list) {
      const expectedType = typeProblem(field?.type, value);
      if (expectedType) errors.push({ code: 'sys.incorrect_type', ctx: { expectedType, key } });
    }
  }
  if (missing.length) errors.push({ code: 'sys.missing_fields', ctx: { fields: missing } });
  return errors;
}

export interface SmsCheck {
  /** the form found for the message's code, if any */
  def?: FormDef;
  data?: Record<string, unknown>;
  extraFields?: boolean;
  /** the raw message */
  message: unknown;
  formCode?: string;
  formsOnlyMode?: boolean;
}

/** Every error API adds to an SMS record, in order, untranslated. */
export function smsErrors(check: SmsCheck): FormError[] {
  const errors = check.def ? validateFormData(check.def, check.data) : [];
  if (check.extraFields) errors.push({ code: 'extra_fields' });
  if (typeof check.message === 'string' && !check.message.trim()) errors.push({ code: 'sys.empty' });
  if (!check.def && check.formsOnlyMode) errors.push({ code: 'sys.form_not_found', ctx: { form: check.formCode } });
  return errors;
}

/** `{ code, message }` entries as stored on the record, texts in `locale`. */
export function translateErrors(errors: FormError[], translations: Translations, locale: string): Array<{ code: string; message: string }> {
  return errors.map((e) => ({ code: e.code, message: errorText(translations, e.code, locale, e.ctx) }));
}
