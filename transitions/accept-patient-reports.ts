/**
 * accept_patient_reports: follow-up reports about a registered patient or place (spec 3.4). Replies,
 * links the report to the subject's newest registration, silences the registrations' reminders and
 * records which sent reminder the report responds to.
 *
 * vigil fix #1: the registrations are never written here; silencing and responded_to_by are update
 * effects applied to the fresh registration after this report is saved (lib/registrations).
 */
import {
  getRegistrations,
  newestRegistration,
  recordResponse,
  respondedArgs,
  respondedToBy,
  silenceRegistrations,
  silenceTypes,
  subjectIdsOf,
} from '../lib/registrations';
import { hasRun } from '../lib/runner/infodoc';
import type { ConfigProblem, Effect, MessageConfig, MessageContext, Settings, Transition, TransitionContext } from '../lib/types';
import { validate } from '../lib/validation';
import { configForForm, isReport, isValidSubmission } from './shared/submission';

const NAME = 'accept_patient_reports';

export interface PatientReportConfig {
  form: string;
  silence_type?: string;
  silence_for?: string;
  validations?: { join_responses?: boolean; list?: any[] };
  messages?: MessageConfig[];
}

const configOf = (ctx: Pick<TransitionContext, 'settings' | 'doc'>): PatientReportConfig | undefined =>
  configForForm<PatientReportConfig>(ctx.settings.patient_reports, ctx.doc.form);

/** `report_accepted` replies whose bool_expr holds; a throwing bool_expr fails the transition, as in CHT. */
function addAcceptedMessages(ctx: TransitionContext, config: PatientReportConfig, context: MessageContext): void {
  if (!Array.isArray(config.messages)) return;
  for (const message of config.messages) {
    if (!message || message.event_type !== 'report_accepted') continue;
    if (message.bool_expr && !ctx.expressions.evaluate(message.bool_expr, { doc: ctx.doc })) continue;
    ctx.messaging.addMessage(ctx.doc, message, message.recipient ?? 'reporting_unit', context);
  }
}

/**
 * Mistakes CHT accepts silently: a second entry for a form is never used, and a silence_type naming no
 * schedule clears nothing. Warnings only: the transition still runs.
 */
function configWarnings(settings: Settings): ConfigProblem[] {
  const list = Array.isArray(settings.patient_reports) ? settings.patient_reports : [];
  const scheduleNames = new Set((Array.isArray(settings.schedules) ? settings.schedules : []).map((s: any) => s?.name));
  const problems: ConfigProblem[] = [];
  const seen = new Set<unknown>();
  list.forEach((entry: any, i: number) => {
    if (!entry) return;
    const warn = (path: string, message: string) =>
      problems.push({ path: `$.patient_reports[${i}]${path}`, section: 'patient_reports', severity: 'warning', message });
    if (seen.has(entry.form)) warn('.form', `form "${entry.form}" is configured twice; only the first entry is used`);
    seen.add(entry.form);
    for (const type of silenceTypes(entry.silence_type)) {
      if (!scheduleNames.has(type)) warn('.silence_type', `"${type}" is not the name of any schedule, so it silences nothing`);
    }
  });
  return problems;
}

export const acceptPatientReports: Transition = {
  name: NAME,
  sections: ['patient_reports', 'registrations', 'forms'],
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
    const config = configOf(ctx) as PatientReportConfig;

    const errors = await validate(config, doc, { settings, translations: ctx.translations, lookups, clock });
    if (errors.length) {
      messaging.addErrors(config, doc, errors, { patient: doc.patient });
      return { changed: true };
    }
    if (!doc.patient && !doc.place) {
      messaging.addRejectionMessage(doc, config, 'registration_not_found');
      return { changed: true };
    }

    const registrations = await getRegistrations(lookups, settings, subjectIdsOf(doc.patient));
    const placeRegistrations = await getRegistrations(lookups, settings, subjectIdsOf(doc.place));
    // before silencing: templates see the reminders as they were
    addAcceptedMessages(ctx, config, { patient: doc.patient, place: doc.place, registrations, placeRegistrations });

    const all = registrations.concat(placeRegistrations);
    const newest = newestRegistration(all, clock.zone);
    if (newest) doc.registration_id = newest._id;

    const { effects, silenced } = silenceRegistrations(all, doc, config.silence_type, config.silence_for, { clock, settings });
    const afterSilence = all.map((r) => silenced.find((s) => s._id === r._id) ?? r);
    const args = respondedArgs(doc, config.silence_for, clock.zone);
    const response = respondedToBy(afterSilence, args);
    const out: Effect[] = [...effects];
    if (response && response.registration._id === doc._id) recordResponse(doc, args); // the working copy, saved with it
    else if (response) out.push(response.effect);
    return { changed: true, effects: out };
  },
};
