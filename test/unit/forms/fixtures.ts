/** Form definitions shared by the SMS forms tests (shapes as spec 7.1 shows them). */
import { ManualClock } from '../../../lib/time/clock';
import type { Settings } from '../../../lib/types';
import type { FormDef } from '../../../forms/definition';

export const NOW = Date.parse('2025-03-05T10:00:00.000Z');
export const clock = () => new ManualClock(NOW, 'UTC');

/** The spec's V form plus a trailing free-text note and a facility reference. */
export function visitForm(): FormDef {
  return {
    meta: { code: 'V', icon: 'icon-visit' },
    fields: {
      patient_id: {
        labels: { tiny: { en: 'id', fr: 'ident' }, short: { en: 'Patient ID' } },
        position: 0,
        type: 'string',
        required: true,
      },
      weight: { labels: { tiny: 'wt', short: 'Weight' }, position: 1, type: 'integer', required: false },
      danger: {
        labels: { tiny: { en: 'd' } },
        position: 2,
        type: 'integer',
        list: [
          [1, { en: 'Bleeding', fr: 'Saignement' }],
          [2, { en: 'Fever' }],
        ],
      },
      'visit.date': { labels: { tiny: 'vd' }, type: 'date' },
      phone: { labels: { tiny: 'ph' }, type: 'phone_number' },
      note: { labels: { tiny: 'n' }, type: 'string' },
    },
    public_form: false,
    facility_reference: 'note',
  };
}

export function settings(extra: Settings = {}): Settings {
  return {
    locale: 'en',
    default_country_code: 254,
    timezone: 'Africa/Nairobi',
    forms: { V: visitForm() },
    ...extra,
  };
}
