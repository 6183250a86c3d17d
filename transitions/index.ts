/**
 * The transitions this build implements. Execution order is CHT's library order (TRANSITION_ORDER),
 * whatever the order here or in settings.
 */
import { TRANSITION_ORDER, type Transition } from '../lib/types';
import { updateClinics } from './update-clinics';
import { selfReport } from './self-report';
import { defaultResponses } from './default-responses';
import { updateSentBy } from './update-sent-by';
import { resolvePending } from './resolve-pending';
import { conditionalAlerts } from './conditional-alerts';
import { markForOutbound } from './mark-for-outbound';
import { acceptPatientReports } from './accept-patient-reports';
import { muting } from './muting';
import { registration } from './registration';
import { multiReportAlerts } from './multi-report-alerts';
import { deathReporting } from './death-reporting';
import { updateScheduledReports } from './update-scheduled-reports';
import { acceptCaseReports } from './accept-case-reports';
import { updateNotifications } from './update-notifications';
import { generateShortcodeOnContacts } from './generate-shortcode-on-contacts';
import { generatePatientIdOnPeople } from './generate-patient-id-on-people';
import { createUserForContacts } from './create-user-for-contacts';

const rank = (t: Transition) => TRANSITION_ORDER.indexOf(t.name);

export const TRANSITIONS: Transition[] = [muting, registration, updateClinics, selfReport, defaultResponses, updateSentBy, conditionalAlerts, resolvePending, acceptPatientReports, markForOutbound, acceptCaseReports, updateNotifications, generateShortcodeOnContacts, generatePatientIdOnPeople, createUserForContacts, multiReportAlerts, deathReporting, updateScheduledReports].sort(
  (a, b) => rank(a) - rank(b),
);
