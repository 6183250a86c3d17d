/**
 * accept_case_reports: follow-up reports about a case (spec 3.5). The registrations are found by the
 * report's `case_id` (top-level or in `fields`) instead of a patient or place; then the report is
 * answered, takes the case's `place_uuid`, and silences the case's reminders.
 *
 * vigil fix #1: silencing is an update effect applied to the fresh registrations after this report is
 * saved (lib/registrations), as in accept_patient_reports.
 * vigil difference: CHT resolves the success path with `undefined` ("unchanged"), so the transition is
 * never recorded and re-runs (re-replying) on the next revision; vigil counts it as changed.
 */
import { getRegistrations, silenceRegistrations, silenceTypes } from '../lib/registrations';
import { hasRun } from '../lib/runner/infodoc';
import type { ConfigProblem, Doc, MessageConfig, MessageContext, Settings, Transition, TransitionContext } from '../lib/types';
import { validate } from '../lib/validation';
import { configForForm, isReport, isValidSubmission } from './shared/submission';

const NAME = 'accept_case_reports';

export interface CaseReportConfig {
  form: string;
  silence_type?: string;
  silence_for?: string;
  validations?: { join_responses?: boolean; list?: any[] };
  messages?: MessageConfig[];
}

const configOf = (ctx: Pick<TransitionContext, 'settings' | 'doc'>): CaseReportConfig | undefined =>
  configForForm<CaseReportConfig>(ctx.settings.accept_case_reports, ctx.doc.form);

/** The case id the report is about: top-level first, then `fields` (CHT: `doc.case_id || fields.case_id`). */
export function caseIdOf(doc: Doc): string | undefined {
  const value = doc.case_id || doc.fields?.case_id;
  return (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : undefined;
}

/** `report_accepted` replies whose bool_expr holds; a throwing bool_expr fails the transition, as in CHT. */
function addAcceptedMessages(ctx: TransitionContext, config: CaseReportConfig, context: MessageContext): void {
  if (!Array.isArray(config.messages)) return;
  for (const message of config.messages) {
    if (!message || message.event_type !== 'report_accepted') continue;
    if (message.bool_expr && !ctx.expressions.evaluate(message.bool_expr, { doc: ctx.doc })) continue;
    ctx.messaging.addMessage(ctx.doc, message, message.recipient, context);
  }
}

/** The first registration's `fields.place_uuid` becomes the report's (nothing when it has none). */
function copyPlaceUuid(doc: Doc, registrations: Doc[]): void {
  const placeUuid = registrations[0]?.fields?.place_uuid;
  if (!placeUuid) return;
  doc.fields = doc.fields ?? {};
  doc.fields.place_uuid = placeUuid;
}

/** A silence_type naming no schedule silences nothing: CHT accepts it silently, vigil warns. */
function configWarnings(settings: Settings): ConfigProblem[] {
  const list = Array.isArray(settings.accept_case_reports) ? settings.accept_case_reports : [];
  const names = new Set((Array.isArray(settings.schedules) ? settings.schedules : []).map((s: any) => s?.name));
  const problems: ConfigProblem[] = [];
  list.forEach((entry: any, i: number) => {
    for (const type of silenceTypes(entry?.silence_type)) {
      if (names.has(type)) continue;
      problems.push({
        path: `$.accept_case_reports[${i}].silence_type`,
        section: 'accept_case_reports',
        severity: 'warning',
        message: `"${type}" is not the name of any schedule, so it silences nothing`,
      });
    }
  });
  return problems;
}

export const acceptCaseReports: Transition = {
  name: NAME,
  sections: ['accept_case_reports', 'registrations', 'forms'],
  validate: configWarnings,
  filter: (ctx) =>
    isReport(ctx.doc) &&
    !!ctx.doc.form &&
    !!ctx.doc.reported_date &&
    !hasRun(ctx.info, NAME) &&
    !!configOf(ctx) &&
    isValidSubmission(ctx.settings, ctx.doc),

  async onMatch(ctx) {
    const { doc, settings, lookups, clock, messaging } = ctx;
    const config = configOf(ctx) as CaseReportConfig;

    const errors = await validate(config, doc, { settings, translations: ctx.translations, lookups, clock });
    if (errors.length) {
      messaging.addErrors(config, doc, errors); // CHT passes no patient/place context here
      return { changed: true };
    }

    const caseId = caseIdOf(doc);
    const registrations = caseId ? await getRegistrations(lookups, settings, [caseId]) : [];
    if (!registrations.length) {
      messaging.addRejectionMessage(doc, config, 'registration_not_found');
      return { changed: true };
    }

    addAcceptedMessages(ctx, config, { patient: doc.patient, registrations, place: doc.place });
    copyPlaceUuid(doc, registrations);
    const { effects } = silenceRegistrations(registrations, doc, config.silence_type, config.silence_for, { clock, settings });
    return { changed: true, effects };
  },
};
