/** Plain-object transition contexts for the multi_report_alerts / death_reporting / update_scheduled_reports tests. */
import { createExpressions } from '../../../lib/expr';
import { createMessaging } from '../../../lib/messages';
import { DuplicateGuard } from '../../../lib/messages/duplicates';
import { hydrateDocs } from '../../../lib/runner/hydrate';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, InfoDoc, Settings, TransitionContext } from '../../../lib/types';

export const NOW = '2025-03-05T10:00:00.000Z';
export const T = Date.parse(NOW);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const CONTACT_TYPES = [
  { id: 'district_hospital' },
  { id: 'health_center', parents: ['district_hospital'] },
  { id: 'clinic', parents: ['health_center'] },
  { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
];

const lineage = (...ids: string[]): any => ids.reduceRight<any>((parent, id) => (parent ? { _id: id, parent } : { _id: id }), undefined);

export const CONTACTS: Doc[] = [
  { _id: 'dh', type: 'district_hospital', name: 'District' },
  { _id: 'hc', type: 'health_center', name: 'HC', parent: lineage('dh'), contact: { _id: 'sup' } },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: lineage('hc', 'dh'), contact: { _id: 'chw' } },
  { _id: 'sup', type: 'person', name: 'Sup', phone: '+254700000002', parent: lineage('hc', 'dh') },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+254700000001', parent: lineage('clinic', 'hc', 'dh') },
  { _id: 'chw2', type: 'person', name: 'Joe', phone: '+254700000003', parent: lineage('clinic', 'hc', 'dh') },
  { _id: 'pat', type: 'person', name: 'Mary', patient_id: '12345', parent: lineage('clinic', 'hc', 'dh') },
];

export function report(id: string, extra: Partial<Doc> = {}): Doc {
  return {
    _id: id,
    _rev: '1-a',
    type: 'data_record',
    form: 'C',
    from: '+254700000001',
    reported_date: T,
    contact: lineage('chw', 'clinic', 'hc', 'dh'),
    fields: {},
    ...extra,
  };
}

export interface Made {
  ctx: TransitionContext;
  lookups: MemoryLookups;
}

/** A context for `doc` (hydrated from `docs`), with real messaging and sandboxed expressions. */
export async function makeContext(doc: Doc, opts: { settings?: Settings; docs?: Doc[]; info?: Partial<InfoDoc> } = {}): Promise<Made> {
  const settings: Settings = { locale: 'en', contact_types: CONTACT_TYPES, forms: { C: {}, D: {} }, ...(opts.settings ?? {}) };
  const clock = new ManualClock(T, 'UTC');
  const lookups = new MemoryLookups([...CONTACTS, ...(opts.docs ?? [])]);
  const [hydrated] = await hydrateDocs([doc], lookups);
  const ctx: TransitionContext = {
    doc: hydrated,
    info: { _id: `${doc._id}-info`, type: 'info', doc_id: doc._id, ...(opts.info ?? {}) },
    seq: '7',
    initialProcessing: true,
    settings,
    translations: { en: {} },
    clock,
    lookups,
    messaging: createMessaging({ settings, translations: { en: {} }, clock, duplicates: new DuplicateGuard() }),
    expressions: createExpressions(),
  };
  return { ctx, lookups };
}
