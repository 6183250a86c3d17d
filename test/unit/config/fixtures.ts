/** A realistic, valid app_settings used as the base of the config tests. */
import type { Settings } from '../../../lib/types';

export function validSettings(): Settings {
  return {
    locale: 'en',
    locale_outgoing: 'en',
    default_country_code: 254,
    gateway_number: '+254700000001',
    timezone: 'Africa/Nairobi',
    schedule_morning_hours: 8,
    schedule_morning_minutes: 0,
    schedule_evening_hours: 18,
    schedule_evening_minutes: 30,
    date_format: 'DD-MMM-YYYY',
    reported_date_format: 'DD-MMM-YYYY HH:mm:ss',
    multipart_sms_limit: 10,
    outgoing_deny_list: '+254700, SAFARICOM',
    outgoing_deny_shorter_than: '5',
    sms: { default_to_sender: true, duplicate_limit: 5, clear_failing_schedules: false },
    default_responses: { start_date: '2024-01-01' },
    some_key_vigil_does_not_read: { anything: [1, 'two'] },
    transitions: {
      update_clinics: true,
      registration: {},
      accept_patient_reports: { disable: false },
      default_responses: false,
      muting: { disable: true },
    },
    contact_types: [
      { id: 'district_hospital' },
      { id: 'health_center', parents: ['district_hospital'] },
      { id: 'clinic', parents: ['health_center'] },
      { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
    ],
    forms: {
      P: {
        meta: { code: 'P', icon: 'icon-pregnancy' },
        fields: {
          patient_name: { labels: { tiny: { en: 'n' } }, position: 0, type: 'string', required: true },
          lmp: { labels: { tiny: 'l' }, position: 1, type: 'integer', range: [0, 40] },
          'visit.date': { labels: { tiny: 'vd' }, type: 'date' },
        },
        public_form: false,
      },
    },
    update_clinics: [{ form: 'P', messages: [{ event_type: 'sys.facility_not_found', recipient: 'reporting_unit', translation_key: 'x' }] }],
    registrations: [
      {
        form: 'P',
        events: [
          { name: 'on_create', trigger: 'add_patient', params: '', bool_expr: '' },
          { name: 'on_create', trigger: 'add_expected_date', params: '', bool_expr: 'doc.lmp' },
          { name: 'on_create', trigger: 'assign_schedule', params: 'ANC Reminders', bool_expr: '' },
        ],
        validations: {
          join_responses: true,
          list: [{ property: 'lmp', rule: 'min(0) && max(40)', message: [{ locale: 'en', content: 'Invalid LMP' }] }],
        },
        messages: [
          { event_type: 'report_accepted', recipient: 'reporting_unit', translation_key: 'messages.p.report_accepted', bool_expr: '' },
          { event_type: 'registration_not_found', recipient: ['clinic', 'reporting_unit'], message: [{ locale: 'en', content: 'Not found' }] },
        ],
      },
    ],
    patient_reports: [
      { form: 'V', silence_type: 'ANC Reminders', silence_for: '8 days', messages: [{ event_type: 'report_accepted', message: 'Thanks' }] },
    ],
    schedules: [
      {
        name: 'ANC Reminders',
        start_from: 'lmp_date',
        messages: [
          { group: 1, offset: '12 weeks', send_day: 'monday', send_time: '09:00', recipient: 'reporting_unit', translation_key: 'messages.anc.1' },
          { group: 1, offset: '13 weeks', send_time: '09:00 +03:00', recipient: ['clinic', 'reporting_unit'], message: [{ locale: 'en', content: 'Visit' }] },
          { group: 2, offset: '-2 days', send_day: '', send_time: '', message: 'plain' },
        ],
      },
    ],
    alerts: [{ form: 'V', condition: 'doc.fields.temp > 38', message: 'Fever', recipient: 'reporting_unit' }],
    outbound: {
      'dhis referral': {
        relevant_to: "doc.type === 'data_record' && doc.form === 'referral'",
        cron: '0 22 * * *',
        destination: { base_url: 'https://example.org', path: '/api', auth: { type: 'Basic', username: 'cht', password_key: 'dhis-pass' } },
        mapping: { id: 'doc._id', visited: { expr: "doc.fields.visited === 'yes'" }, notes: { path: 'doc.fields.notes', optional: true } },
      },
    },
    multi_report_alerts: [
      {
        name: 'cholera',
        is_report_counted: "function(report, latestReport) { return report.fields.symptom === 'diarrhea'; }",
        num_reports_threshold: 3,
        time_window_in_days: 7,
        forms: ['C'],
        message: '{{num_counted_reports}} cases',
        recipients: ['+254700000000', 'new_report.contact.parent.parent.contact.phone'],
      },
    ],
    death_reporting: { mark_deceased_forms: ['DEATH'], undo_deceased_forms: ['UNDO'], date_field: 'fields.date_of_death' },
    reminders: [{ form: 'W', cron: '0 9 * * 1', message: 'Send your weekly report', mute_after_form_for: '2 days' }],
  };
}
