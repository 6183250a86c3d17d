/**
 * update_scheduled_reports: one report per form, period (`fields.year` + week or month) and leaf place
 * (spec 3.13). Runs only when the submitter's parent is a leaf place type.
 *
 * vigil fix 8d: the NEWEST report of the period survives, whatever the processing order (CHT deleted every
 * other report, so whichever was processed first survived and a late-syncing older report replaced a
 * newer one). Newest = greatest `reported_date`, ties broken by the greater `_id` (the view's order); a
 * report without a numeric `reported_date` ranks oldest.
 * - the doc being processed is the newest: every other report of the period gets an
 *   `update_scheduled_reports.delete` effect (`_deleted: true` on the fresh doc, after the commit);
 * - it is older than another one: the working copy itself gets `_deleted: true` (the runner saves the
 *   deletion and records the transition in the infodoc), and any other older duplicate is deleted too.
 * The op deletes only a doc that still belongs to the same form, period and place and is still older than
 * the survivor, so a report edited meanwhile is left alone.
 * As in CHT, the transition reports "changed" whenever the period has reports (itself included), so a
 * report without duplicates is saved once more and recorded (USR-02).
 */
import type { Doc, Settings, Transition } from '../lib/types';
import { getTypeId, isLeafPlaceType } from '../lib/runner/contact-types';
import { hasRun } from '../lib/runner/infodoc';
import { registerUpdateOp } from '../lib/runner/update-ops';

const NAME = 'update_scheduled_reports';
export const DELETE_OP = 'update_scheduled_reports.delete';

export interface Period {
  kind: 'week' | 'month';
  value: unknown;
}

/** What a report is a duplicate of, and who survives. */
export interface DeleteArgs {
  form: string;
  year: unknown;
  period: Period;
  parentId: string;
  keep: { id: string; reported_date: unknown };
}

/** The report's period; the week wins when both are set (CHT). */
export function periodOf(doc: Doc): Period | undefined {
  const f = doc.fields;
  if (!f || typeof f !== 'object') return undefined;
  if (f.week || f.week_number) return { kind: 'week', value: f.week || f.week_number };
  if (f.month || f.month_num) return { kind: 'month', value: f.month || f.month_num };
  return undefined;
}

const isScheduled = (doc: Doc): boolean => !!doc.fields?.year && periodOf(doc) !== undefined;

/** The submitter's parent place id, only when that place is of a leaf place type. */
export function leafParentId(settings: Settings, doc: Doc): string | undefined {
  const parent = doc.contact?.parent;
  return parent && typeof parent._id === 'string' && isLeafPlaceType(settings, getTypeId(parent)) ? parent._id : undefined;
}

const rankDate = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : -Infinity);

/** Orders reports oldest first: `reported_date`, then `_id`. */
export function compareAge(a: { id: string; reported_date: unknown }, b: { id: string; reported_date: unknown }): number {
  return rankDate(a.reported_date) - rankDate(b.reported_date) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Same form, period and leaf place as described by the args (the view's key, compared as CouchDB would). */
function samePeriod(doc: Doc, args: DeleteArgs): boolean {
  const period = args.period.kind === 'week' ? doc.fields?.week || doc.fields?.week_number : doc.fields?.month || doc.fields?.month_num;
  return doc.type === 'data_record' && doc.form === args.form && doc.fields?.year === args.year && period === args.period.value && doc.contact?.parent?._id === args.parentId;
}

registerUpdateOp(DELETE_OP, (doc, args: DeleteArgs) => {
  if (doc._deleted || doc._id === args.keep.id || !samePeriod(doc, args)) return null;
  if (compareAge({ id: doc._id, reported_date: doc.reported_date }, args.keep) >= 0) return null; // not older than the survivor
  return { ...doc, _deleted: true };
});

export const updateScheduledReports: Transition = {
  name: NAME,
  sections: ['contact_types'],
  filter: ({ doc, info }) =>
    doc.type === 'data_record' &&
    !!doc.form &&
    (Array.isArray(doc.errors) ? doc.errors.length === 0 : !doc.errors) &&
    isScheduled(doc) &&
    !hasRun(info, NAME),
  async onMatch(ctx) {
    const { doc, settings } = ctx;
    const parentId = leafParentId(settings, doc);
    const period = periodOf(doc);
    if (!parentId || !period) return { changed: false };
    const stored = await ctx.lookups.reportsForPeriod(doc.form, doc.fields.year, period, parentId);
    if (!stored.length) return { changed: false };

    const reports = stored.filter((r) => r._id !== doc._id).map((r) => ({ id: r._id, reported_date: r.reported_date }));
    const self = { id: doc._id, reported_date: doc.reported_date };
    const keep = [self, ...reports].reduce((newest, r) => (compareAge(r, newest) > 0 ? r : newest));
    const args = (): DeleteArgs => ({ form: doc.form, year: doc.fields.year, period, parentId, keep });
    const effects = reports.filter((r) => r.id !== keep.id).map((r) => ({ kind: 'update' as const, id: r.id, op: DELETE_OP, args: args() }));
    if (keep.id !== doc._id) doc._deleted = true; // a newer report of this period exists: this one goes
    return { changed: true, effects };
  },
};
