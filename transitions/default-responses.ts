/**
 * default_responses: automatic replies to SMS that were empty, used an unknown form code, or were
 * free text (spec 3.7). Disabled until `default_responses.start_date` is set; only reports after it get
 * a reply.
 */
import { DateTime } from 'luxon';
import type { Doc, Settings, Transition } from '../lib/types';
import { hasRun } from '../lib/runner/infodoc';
import { isGatewayNumber } from '../lib/messages';
import { isReport } from './shared/submission';

const NAME = 'default_responses';

/** Epoch ms of the configured start date (start of that day in the engine's zone), or undefined. */
function startDate(settings: Settings, zone: string): number | undefined {
  const raw = settings.default_responses?.start_date;
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  const dt = DateTime.fromISO(raw.trim(), { zone });
  return dt.isValid ? dt.toMillis() : undefined;
}

const hasError = (doc: Doc, code: string) => Array.isArray(doc.errors) && doc.errors.some((e: any) => e?.code === code);

/** CHT accepts epoch ms or any date string moment can parse. */
const reportedMs = (doc: Doc): number => (typeof doc.reported_date === 'number' ? doc.reported_date : Date.parse(doc.reported_date));

function replyKey(settings: Settings, doc: Doc): string | undefined {
  if (hasError(doc, 'sys.empty')) return 'empty';
  if (settings.forms_only_mode && hasError(doc, 'sys.form_not_found')) return 'form_not_found';
  if (hasError(doc, 'sys.form_not_found') || typeof doc.form !== 'string') return 'sms_received';
  return undefined;
}

export const defaultResponses: Transition = {
  name: NAME,
  sections: ['default_responses'],
  filter: ({ doc, info, settings, clock }) => {
    const start = startDate(settings, clock.zone);
    return (
      !!doc.from &&
      isReport(doc) &&
      !doc.kujua_message &&
      start !== undefined &&
      reportedMs(doc) > start &&
      !hasRun(info, NAME) &&
      !isGatewayNumber(settings, doc.sms_message?.from)
    );
  },
  async onMatch({ doc, settings, messaging }) {
    const key = replyKey(settings, doc);
    if (key) messaging.addMessage(doc, { translation_key: key }, 'reporting_unit');
    // CHT records this transition even without a reply, so it never runs twice on a report.
    return { changed: true };
  },
};
