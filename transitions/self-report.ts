/** self_report: the sender of the report is its patient (spec 3.2). */
import type { Transition } from '../lib/types';
import { hasRun } from '../lib/runner/infodoc';
import { configForForm, isReport } from './shared/submission';

const NAME = 'self_report';

interface SelfReportConfig {
  form: string;
  messages?: any[];
}

export const selfReport: Transition = {
  name: NAME,
  sections: ['self_report'],
  filter: ({ doc, info, settings }) =>
    !!doc.from &&
    isReport(doc) &&
    !!configForForm(settings.self_report, doc.form) &&
    doc.fields?.patient_id === undefined &&
    doc.fields?.patient_uuid === undefined &&
    !hasRun(info, NAME),
  async onMatch(ctx) {
    const { doc, messaging } = ctx;
    const config = configForForm<SelfReportConfig>(ctx.settings.self_report, doc.form);
    const [contact] = await ctx.lookups.contactsByPhone(String(doc.from));
    if (!contact) {
      messaging.addRejectionMessage(doc, config, 'sender_not_found');
      return { changed: true };
    }
    const patient = (await ctx.lookups.hydrateContact(contact)) ?? contact;
    doc.patient = patient;
    doc.fields = doc.fields ?? {};
    doc.fields.patient_uuid = contact._id;
    doc.fields.patient_id = contact.patient_id;
    messaging.addSuccessMessage(doc, config, 'report_accepted', { patient });
    return { changed: true };
  },
};
