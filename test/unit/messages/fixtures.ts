/** Hydrated docs shared by the message-layer tests (shapes as spec 1.8 describes them). */
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Settings, Translations } from '../../../lib/types';
import { createMessaging, type MessagingOptions } from '../../../lib/messages/messaging';
import { DuplicateGuard } from '../../../lib/messages/duplicates';

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0); // 2024-05-01T10:00:00Z

export const PHONES = {
  clinic: '+254700000001',
  healthCenter: '+254700000002',
  district: '+254700000003',
  patient: '+254700000009',
  sender: '+254700000001',
  supervisor: '+254711111111',
};

export function lineage() {
  const district: Doc = {
    _id: 'd1',
    type: 'district_hospital',
    name: 'Central District',
    contact: { _id: 'dc', type: 'person', name: 'Dora', phone: PHONES.district },
  };
  const healthCenter: Doc = {
    _id: 'hc1',
    type: 'health_center',
    name: 'Riverside HC',
    contact: { _id: 'hcc', type: 'person', name: 'Hank', phone: PHONES.healthCenter },
    parent: district,
  };
  const clinic: Doc = {
    _id: 'c1',
    type: 'clinic',
    name: 'Village 1',
    contact: { _id: 'chw', type: 'person', name: 'Wanjiku', phone: PHONES.clinic },
    parent: healthCenter,
  };
  const chw: Doc = { _id: 'chw', type: 'person', name: 'Wanjiku', phone: PHONES.clinic, parent: clinic };
  const patient: Doc = {
    _id: 'p1',
    type: 'person',
    name: 'Mary',
    patient_id: '12348',
    phone: PHONES.patient,
    reported_date: 1000,
    parent: clinic,
  };
  return { district, healthCenter, clinic, chw, patient };
}

export function report(overrides: Partial<Doc> = {}): Doc {
  const { chw } = lineage();
  return {
    _id: 'r1',
    type: 'data_record',
    form: 'V',
    from: PHONES.sender,
    reported_date: T0,
    contact: chw,
    fields: { patient_id: '12348', patient_name: 'From Fields' },
    ...overrides,
  };
}

export function setup(settings: Settings = {}, translations: Translations = {}, extra: Partial<MessagingOptions> = {}) {
  const clock = new ManualClock(T0, 'UTC');
  const duplicates = new DuplicateGuard();
  const warnings: Array<{ msg: string; meta?: object }> = [];
  const logger = { warn: (msg: string, meta?: object) => warnings.push({ msg, meta }) };
  const messaging = createMessaging({ settings, translations, clock, duplicates, logger, ...extra });
  return { clock, duplicates, warnings, messaging };
}
