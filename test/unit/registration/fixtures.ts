/** Plain-object contexts for registration unit tests: in-memory lookups, real messaging and expressions. */
import { createExpressions } from '../../../lib/expr';
import { createMessaging } from '../../../lib/messages';
import { DuplicateGuard } from '../../../lib/messages/duplicates';
import { hydrateDocs } from '../../../lib/runner/hydrate';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Effect, Settings, Translations, TransitionContext } from '../../../lib/types';
import type { RegistrationConfig } from '../../../transitions/registration/config';
import type { TriggerEnv } from '../../../transitions/registration/trigger';

export const NOW = '2025-03-05T10:00:00.000Z';
export const REPORTED = Date.parse('2025-03-05T09:00:00.000Z');

export const CONTACT_TYPES = [
  { id: 'district_hospital' },
  { id: 'health_center', parents: ['district_hospital'] },
  { id: 'clinic', parents: ['health_center'] },
  { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
  { id: 'chw', parents: ['health_center'], person: true },
  { id: 'nursing_home', parents: ['health_center'] },
];

export const CONTACTS: Doc[] = [
  { _id: 'dh', type: 'district_hospital', name: 'District', place_id: 'the_dh' },
  { _id: 'hc', type: 'health_center', name: 'Health Center', place_id: 'the_hc', parent: { _id: 'dh' } },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', place_id: 'the_clinic', parent: { _id: 'hc', parent: { _id: 'dh' } }, contact: { _id: 'chw' } },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+254711000001', patient_id: 'jane', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } } },
  { _id: 'orphan', type: 'person', name: 'Orphan', phone: '+254711000009' },
];

export function report(extra: Partial<Doc> = {}): Doc {
  return {
    _id: 'r1',
    type: 'data_record',
    form: 'R',
    from: '+254711000001',
    reported_date: REPORTED,
    contact: { _id: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } } },
    fields: { patient_name: 'Mary' },
    ...extra,
  };
}

export interface TestContext {
  ctx: TransitionContext;
  lookups: MemoryLookups;
  clock: ManualClock;
}

export async function makeContext(opts: { settings?: Settings; doc?: Doc; docs?: Doc[]; translations?: Translations; zone?: string } = {}): Promise<TestContext> {
  const settings: Settings = { locale: 'en', contact_types: CONTACT_TYPES, forms: { R: {} }, ...(opts.settings ?? {}) };
  const translations = opts.translations ?? { en: {} };
  const clock = new ManualClock(Date.parse(NOW), opts.zone ?? 'UTC');
  const lookups = new MemoryLookups(opts.docs ?? CONTACTS);
  const [doc] = await hydrateDocs([opts.doc ?? report()], lookups);
  const messaging = createMessaging({ settings, translations, clock, duplicates: new DuplicateGuard() });
  const ctx: TransitionContext = {
    doc,
    info: { _id: `${doc._id}-info`, type: 'info', doc_id: doc._id },
    seq: '1',
    initialProcessing: true,
    settings,
    translations,
    clock,
    lookups,
    messaging,
    expressions: createExpressions(),
  };
  return { ctx, lookups, clock };
}

export function triggerEnv(ctx: TransitionContext, config: Partial<RegistrationConfig> = {}, index = 0): TriggerEnv & { effects: Effect[] } {
  return { ctx, config: { form: 'R', events: [], ...config }, effects: [], index };
}

/** The docs the create effects would write. */
export const created = (effects: Effect[]): Doc[] => effects.flatMap((e) => (e.kind === 'create' ? [e.doc] : []));
