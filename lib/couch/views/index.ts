/**
 * The views vigil installs: `_design/vigil` in the medic db, `_design/vigil-sentinel` in the sentinel db.
 * Query them with `queryView(db, VIEWS.contacts_by_phone, {...})` (lib/couch/bulk.ts).
 */
import * as contacts from './contacts';
import * as messages from './messages';
import * as reports from './reports';
import * as sentinel from './sentinel';
import type { ViewSource } from './source';

export type { ViewSource } from './source';

export const MEDIC_DDOC = 'vigil';
export const SENTINEL_DDOC = 'vigil-sentinel';

export const MEDIC_VIEWS = {
  contacts_by_phone: contacts.contacts_by_phone,
  contacts_by_reference: contacts.contacts_by_reference,
  contacts_by_depth: contacts.contacts_by_depth,
  contacts_by_type: contacts.contacts_by_type,
  reports_by_subject: reports.reports_by_subject,
  reports_by_date: reports.reports_by_date,
  reports_by_form_and_parent: reports.reports_by_form_and_parent,
  reports_by_form_year_month_parent_reported_date: reports.reports_by_form_year_month_parent_reported_date,
  reports_by_form_year_week_parent_reported_date: reports.reports_by_form_year_week_parent_reported_date,
  docs_by_shortcode: reports.docs_by_shortcode,
  reports_by_freetext: reports.reports_by_freetext,
  messages_by_state: messages.messages_by_state,
  messages_by_uuid: messages.messages_by_uuid,
  messages_by_gateway_ref: messages.messages_by_gateway_ref,
  tasks_by_recipient_text: messages.tasks_by_recipient_text,
  tasks_by_time: messages.tasks_by_time,
  task_states: messages.task_states,
} satisfies Record<string, ViewSource>;

export const SENTINEL_VIEWS = {
  dead_letters_by_date: sentinel.dead_letters_by_date,
  infodocs_with_pending_intent: sentinel.infodocs_with_pending_intent,
  outbound_tasks: sentinel.outbound_tasks,
} satisfies Record<string, ViewSource>;

export type MedicViewName = keyof typeof MEDIC_VIEWS;
export type SentinelViewName = keyof typeof SENTINEL_VIEWS;

/** `"<ddoc>/<view>"` paths for queryView. */
export const VIEWS = Object.fromEntries(
  Object.keys(MEDIC_VIEWS).map((name) => [name, `${MEDIC_DDOC}/${name}`]),
) as { [K in MedicViewName]: string };

export const SENTINEL_VIEW_PATHS = Object.fromEntries(
  Object.keys(SENTINEL_VIEWS).map((name) => [name, `${SENTINEL_DDOC}/${name}`]),
) as { [K in SentinelViewName]: string };
