/**
 * assign_schedule and clear_schedule (spec 3.3, section 4):
 * - assign_schedule: each named schedule (exact name; unknown names are skipped) is assigned to the report,
 *   with the patient/place and their registrations as message context;
 * - clear_schedule: the valid registrations of the report's patient, place and case (the report itself
 *   excluded) have every clearable task of the named types cleared, through update effects.
 */
import { assignSchedule, findSchedule } from '../../../lib/scheduling/assign-schedule';
import { getRegistrations, subjectIdsOf } from '../../../lib/registrations/registrations';
import { silenceRegistrations } from '../../../lib/registrations/silence';
import type { Doc, Lookups, MessageContext, Settings, TransitionContext } from '../../../lib/types';
import type { VigilMessaging } from '../../../lib/messages';
import type { Trigger } from '../trigger';
import { paramList } from '../params';

/** Valid registrations of one subject id (a field value), [] without one. */
export async function registrationsOf(lookups: Lookups, settings: Settings, subjectId: unknown): Promise<Doc[]> {
  if (subjectId === undefined || subjectId === null || subjectId === '') return [];
  return getRegistrations(lookups, settings, [String(subjectId)]);
}

/** patient, place and their registrations (by `fields.patient_id` / `fields.place_id`), for messages. */
export async function subjectContext(ctx: TransitionContext): Promise<MessageContext> {
  const { doc, lookups, settings } = ctx;
  const fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
  const [registrations, placeRegistrations] = await Promise.all([
    registrationsOf(lookups, settings, fields.patient_id),
    registrationsOf(lookups, settings, fields.place_id),
  ]);
  return { patient: doc.patient, place: doc.place, registrations, placeRegistrations };
}

export const assignSchedules: Trigger = async ({ ctx }, params) => {
  const names = paramList(params).filter((n): n is string => typeof n === 'string');
  const schedules = names.map((name) => findSchedule(ctx.settings, name)).filter((s) => !!s);
  if (!schedules.length) return;
  const context = await subjectContext(ctx);
  const env = { settings: ctx.settings, clock: ctx.clock, messaging: ctx.messaging as VigilMessaging };
  for (const schedule of schedules) assignSchedule(ctx.doc, schedule, context, env);
};

export const clearSchedules: Trigger = async (env, params) => {
  const { ctx } = env;
  const { doc } = ctx;
  const caseId = doc.case_id || (doc.fields && doc.fields.case_id);
  const ids = [...new Set([...subjectIdsOf(doc.patient), ...subjectIdsOf(doc.place), ...(caseId ? [String(caseId)] : [])])];
  if (!ids.length) return;
  const registrations = (await getRegistrations(ctx.lookups, ctx.settings, ids)).filter((r) => r._id !== doc._id);
  if (!registrations.length) return;
  const types = paramList(params).join(',');
  const { effects } = silenceRegistrations(registrations, doc, types, undefined, { clock: ctx.clock, settings: ctx.settings });
  env.effects.push(...effects);
};
