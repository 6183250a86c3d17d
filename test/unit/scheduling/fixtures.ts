/** Plain-object fixtures for the scheduling tests: the compat scenarios' lineage, hydrated (spec 1.8). */
import { DuplicateGuard } from '../../../lib/messages/duplicates';
import { createMessaging } from '../../../lib/messages/messaging';
import type { ScheduleEnv } from '../../../lib/scheduling/assign-schedule';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Settings, Translations } from '../../../lib/types';

/** The compat scenarios' "now": Wednesday 2025-03-05T10:00:00Z. */
export const NOW = '2025-03-05T10:00:00.000Z';
export const NOW_MS = Date.parse(NOW);

/** The base settings every compat scenario carries (only what messages read). */
export const BASE_SETTINGS: Settings = {
  locale: 'en',
  locale_outgoing: 'en',
  default_country_code: 1,
  gateway_number: '+13125551212',
  date_format: 'DD-MMM-YYYY',
  reported_date_format: 'DD-MMM-YYYY HH:mm:ss',
};

/** district_hospital > health_center > clinic (primary contact `person`) > person, hydrated. */
export function hierarchy() {
  const district: Doc = { _id: 'district_hospital', name: 'District hospital', type: 'district_hospital' };
  const healthCenter: Doc = { _id: 'health_center', name: 'Health Center', type: 'health_center', parent: district };
  const clinic: Doc = {
    _id: 'clinic',
    name: 'Clinic',
    type: 'clinic',
    place_id: 'the_clinic',
    parent: healthCenter,
    contact: { _id: 'person', name: 'Person', type: 'person', phone: '+444999', patient_id: 'patient' },
  };
  const person: Doc = {
    _id: 'person',
    name: 'Person',
    type: 'person',
    patient_id: 'patient',
    phone: '+444999',
    parent: clinic,
  };
  return { district, healthCenter, clinic, person };
}

export function report(overrides: Partial<Doc> = {}): Doc {
  const { person } = hierarchy();
  return {
    _id: 'r1',
    type: 'data_record',
    form: 'R',
    from: '+444999',
    reported_date: NOW_MS,
    fields: {},
    contact: person,
    ...overrides,
  };
}

export function env(settings: Settings = {}, translations: Translations = {}, now: number | string = NOW_MS) {
  const clock = new ManualClock(typeof now === 'number' ? now : Date.parse(now), 'UTC');
  const all = { ...BASE_SETTINGS, ...settings };
  const warnings: Array<{ msg: string; meta?: object }> = [];
  const logger = { warn: (msg: string, meta?: object) => warnings.push({ msg, meta }) };
  const messaging = createMessaging({ settings: all, translations, clock, duplicates: new DuplicateGuard() });
  const scheduleEnv: ScheduleEnv = { settings: all, clock, messaging, logger };
  return { env: scheduleEnv, clock, warnings };
}
