/**
 * Who a multi_report_alerts alert goes to (spec 3.11 step 5): each recipient, for each newly counted
 * report, is a literal `+digits` number or a JS expression over `{ new_report }` giving a phone or a
 * list of phones. Failures are values (`{ error }`), so one bad recipient does not stop the others.
 */
import type { Doc } from '../types';
import { LITERAL_PHONE } from './multi-report-config';

export type PhoneOrError = string | { error: string };
export type Evaluate = (source: string, context: Record<string, unknown>) => unknown;

const NAME = 'multi_report_alerts';

function describe(err: unknown): string {
  return (err as { detail?: string })?.detail ?? (err instanceof Error ? err.message : String(err));
}

/** The phones (or errors) one recipient gives for one report. */
export function phonesOf(recipient: unknown, report: Doc, evaluate: Evaluate): PhoneOrError[] {
  if (!recipient) return [];
  const source = String(recipient);
  if (LITERAL_PHONE.test(source)) return [source];
  let value: unknown;
  try {
    value = evaluate(source, { new_report: report });
  } catch (err) {
    return [{ error: `${NAME} : Could not find a phone number for "${source}". Message will not be sent. Error: "${describe(err)}"` }];
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    return value.map((item) =>
      typeof item === 'string'
        ? item
        : { error: `${NAME} : one of the phone numbers for "${source}" is not a string. Message will not be sent. Found : ${JSON.stringify(item)}` },
    );
  }
  return [{ error: `${NAME} : phone number for "${source}" is not a string or array of strings. Message will not be sent. Found: "${JSON.stringify(value)}"` }];
}

/** Every report's recipients in order (reports outer, recipients inner); duplicate phones kept once. */
export function phonesFor(recipients: unknown[], reports: Doc[], evaluate: Evaluate): PhoneOrError[] {
  const out: PhoneOrError[] = [];
  const seen = new Set<string>();
  for (const report of reports) {
    for (const recipient of recipients) {
      for (const phone of phonesOf(recipient, report, evaluate)) {
        if (typeof phone === 'string') {
          if (seen.has(phone)) continue;
          seen.add(phone);
        }
        out.push(phone);
      }
    }
  }
  return out;
}
