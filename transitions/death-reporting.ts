/**
 * death_reporting: a death report sets the patient's `date_of_death`, an undo report removes it
 * (spec 3.9). Form codes match exactly.
 *
 * vigil differences (fix #1 and the SEQ-03 / DEATH-* extra revision):
 * - the patient is changed by an `update` effect (a named, idempotent op applied to the fresh patient
 *   after the commit, retried on 409), never written from inside the transition;
 * - the report itself is not saved again when only the patient changed (CHT re-saves it unchanged). The
 *   transition returns `changed: false` and records itself in the report's infodoc with a second effect
 *   (`death_reporting.record_run`), so it stays run-once (DEATH-02 expects the infodoc record) without the
 *   extra revision.
 */
import type { Doc, Effect, InfoDoc, Settings, Transition, TransitionRecord } from '../lib/types';
import { allowCreate } from '../lib/runner/effects';
import { blankInfodoc, hasRun, infodocId, transitionRecord } from '../lib/runner/infodoc';
import { registerUpdateOp } from '../lib/runner/update-ops';
import { getPath } from '../lib/messages/recipients';
import { toJsonPath } from '../lib/config/paths';
import { isValidSubmission } from './shared/submission';

const NAME = 'death_reporting';

export const DEATH_OPS = {
  /** args: { date } — set `date_of_death` unless the patient has one */
  set: 'death_reporting.set_date_of_death',
  /** args: none — remove `date_of_death` when the patient has one */
  clear: 'death_reporting.clear_date_of_death',
  /** args: TransitionRecord — record death_reporting in the report's infodoc unless already there */
  record: 'death_reporting.record_run',
} as const;

interface DeathConfig {
  mark_deceased_forms?: unknown;
  undo_deceased_forms?: unknown;
  date_field?: unknown;
}

const configOf = (settings: Settings): DeathConfig => (settings.death_reporting && typeof settings.death_reporting === 'object' ? settings.death_reporting : {});
const formsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isMarkForm = (settings: Settings, form: unknown) => formsOf(configOf(settings).mark_deceased_forms).includes(form);
const isUndoForm = (settings: Settings, form: unknown) => formsOf(configOf(settings).undo_deceased_forms).includes(form);

/** The configured `date_field` of the report (an object path), else when the report was made. */
export function dateOfDeath(settings: Settings, report: Doc): unknown {
  const field = configOf(settings).date_field;
  return (typeof field === 'string' && field && getPath(report, field)) || report.reported_date;
}

registerUpdateOp(DEATH_OPS.set, (patient, args: { date?: unknown }) => {
  // CHT tests truthiness: a falsy date_of_death counts as none
  if (patient.date_of_death || args?.date === undefined || args.date === null) return null;
  return { ...patient, date_of_death: args.date };
});

registerUpdateOp(DEATH_OPS.clear, (patient) => {
  if (!patient.date_of_death) return null;
  const { date_of_death: _removed, ...rest } = patient;
  return rest as Doc;
});

registerUpdateOp(DEATH_OPS.record, (doc, args: TransitionRecord, nowIso) => {
  const docId = doc._id.replace(/-info$/, '');
  const info: InfoDoc = doc.type === 'info' ? (doc as InfoDoc) : { ...blankInfodoc(docId, nowIso), ...doc, type: 'info', doc_id: docId };
  if (info.transitions?.[NAME]) return null;
  return { ...info, transitions: { ...(info.transitions ?? {}), [NAME]: args } };
});
allowCreate(DEATH_OPS.record);

export const deathReporting: Transition = {
  name: NAME,
  sections: ['death_reporting', 'forms'],
  validate(settings) {
    const forms = configOf(settings).mark_deceased_forms;
    if (Array.isArray(forms) && forms.length) return [];
    return [{ path: toJsonPath(['death_reporting', 'mark_deceased_forms']), message: 'must be a non-empty array of form codes', section: NAME }];
  },
  filter: ({ doc, info, settings }) =>
    doc.type === 'data_record' &&
    !!doc.form &&
    (isMarkForm(settings, doc.form) || isUndoForm(settings, doc.form)) &&
    !!doc.patient &&
    !hasRun(info, NAME) &&
    isValidSubmission(settings, doc),
  async onMatch(ctx) {
    const { doc, settings } = ctx;
    const patientId = doc.patient?._id;
    if (!patientId) return { changed: false };
    // decide on the stored patient (the hydrated copy may carry lineage only); the op re-checks the fresh one
    const patient = await ctx.lookups.getDoc(patientId);
    if (!patient) throw new Error(`patient ${patientId} not found`);

    let effect: Effect | undefined;
    if (isMarkForm(settings, doc.form) && !patient.date_of_death) {
      effect = { kind: 'update', id: patientId, op: DEATH_OPS.set, args: { date: dateOfDeath(settings, doc) } };
    } else if (isUndoForm(settings, doc.form) && patient.date_of_death) {
      effect = { kind: 'update', id: patientId, op: DEATH_OPS.clear };
    }
    if (!effect) return { changed: false }; // already in the wanted state: not recorded (CHT)

    const record = transitionRecord(doc._rev as string, ctx.seq, true, new Date(ctx.clock.nowMs()).toISOString());
    return { changed: false, effects: [effect, { kind: 'update', db: 'sentinel', id: infodocId(doc._id), op: DEATH_OPS.record, args: record }] };
  },
};
