/** Errors on docs (spec 2.5): CHT's library helper and the message-level helper that templates them. */
import type { Doc, MessageContext } from '../types';
import { renderContent, type MessageEnv } from './generate';

export interface DocError {
  code: string;
  message: string;
  [key: string]: unknown;
}

export const DEFAULT_ERROR_CODE = 'invalid_report';
export const PARSE_ERROR_CODE = 'parse_error';

/**
 * The library helper: a string becomes `{ code: "invalid_report", message }`; an object without
 * `code` gets `invalid_report` (the object is modified); an object without `message` is dropped;
 * a second error with the same `code` as an existing one is ignored. Returns whether it was added.
 */
export function addError(doc: Doc, error: unknown): boolean {
  if (!doc || !error) return false;
  let entry: Record<string, any>;
  if (typeof error === 'string') {
    entry = { code: DEFAULT_ERROR_CODE, message: error };
  } else if (typeof error === 'object') {
    entry = error as Record<string, any>;
    if (!entry.code) entry.code = DEFAULT_ERROR_CODE;
    if (!entry.message) return false;
  } else {
    return false;
  }
  const errors: unknown[] = Array.isArray(doc.errors) ? doc.errors : [];
  if (errors.some((e) => e && (e as Record<string, unknown>).code === entry.code)) return false;
  doc.errors = errors;
  errors.push(entry);
  return true;
}

export type MessageErrorInput = string | { code?: string; message?: unknown; [key: string]: any } | unknown;

/**
 * The message-level helper: a string becomes `{ message }`; an object without `message` gets
 * `"Error: <JSON of the object>"` (the object is modified); its text is then rendered as a template
 * against the doc and `context` and written back onto the same object, which goes to `addError`.
 * A template failure adds `{ code: "parse_error", message: "<exception>: <JSON of the error>" }`.
 */
export function addMessageError(env: MessageEnv, doc: Doc, error: MessageErrorInput, context?: MessageContext): void {
  let entry: Record<string, any>;
  if (typeof error === 'string') {
    entry = { message: error };
  } else if (typeof error === 'object' && error !== null) {
    entry = error as Record<string, any>;
    if (!entry.message) entry.message = 'Error: ' + JSON.stringify(entry);
  } else {
    entry = { message: 'Error: ' + JSON.stringify(error) };
  }
  try {
    entry.message = renderContent(env, doc, entry, context || {});
    addError(doc, entry);
  } catch (e) {
    addError(doc, { code: PARSE_ERROR_CODE, message: `${errorText(e)}: ${JSON.stringify(entry)}` });
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
