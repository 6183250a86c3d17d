/** A TransitionContext over plain objects for the issue-5b transitions: in-memory lookups, the real message layer. */
import { DEFAULT_EN } from '../../../lib/i18n/defaults-en';
import { createExpressions } from '../../../lib/expr';
import { DuplicateGuard } from '../../../lib/messages/duplicates';
import { createMessaging } from '../../../lib/messages/messaging';
import { blankInfodoc } from '../../../lib/runner/infodoc';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Settings, TransitionContext } from '../../../lib/types';

export const NOW = '2025-03-05T10:00:00.000Z';
export const T = Date.parse(NOW);
export const DAY = 86_400_000;

export const CONTACT_TYPES = [
  { id: 'district_hospital' },
  { id: 'health_center', parents: ['district_hospital'] },
  { id: 'clinic', parents: ['health_center'] },
  { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
];

export function context(doc: Doc, settings: Settings, docs: Doc[] = [], over: Partial<TransitionContext> = {}): TransitionContext {
  const clock = new ManualClock(T, 'UTC');
  const translations = { en: { ...DEFAULT_EN } };
  return {
    doc,
    info: blankInfodoc(doc._id, NOW),
    seq: null,
    initialProcessing: true,
    settings,
    translations,
    clock,
    lookups: new MemoryLookups(docs),
    messaging: createMessaging({ settings, translations, clock, duplicates: new DuplicateGuard() }),
    expressions: createExpressions(),
    ...over,
  };
}

/** An infodoc that records `name` as run. */
export const ranInfo = (doc: Doc, name: string) => ({
  ...blankInfodoc(doc._id, NOW),
  transitions: { [name]: { last_rev: '1-a', seq: null, ok: true, run_date: NOW } },
});
