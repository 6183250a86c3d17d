/**
 * The report branch of muting (spec 3.15 steps 1-5): a mute or unmute form about a patient or place.
 * Works on a hydrated working copy of the report (messages and errors go there) and returns the effects
 * on other docs, plus the client-side events to replay.
 */
import type { VigilMessaging } from '../messages/messaging';
import type { Doc, Effect, Settings } from '../types';
import { planCascade, type CascadeEnv } from './cascade';
import { isMuteForm, messageFor, mutingConfig } from './config';
import type { ClientMutingEvent } from './contact';
import { overlayMuted } from './lineage';

export interface ReportEnv extends CascadeEnv {
  settings: Settings;
  messaging: VigilMessaging;
  /** the muting validations of the section (spec 2.7); errors as CHT's validate returns them */
  validate(doc: Doc): Promise<Array<string | { code?: string; message?: string }>>;
}

export interface ReportRun {
  /** hydrated working copy of the report */
  doc: Doc;
  /** muting already recorded for this report (forced replays): its messages are added only once */
  hasRun: boolean;
  /** a replayed report does not replay further events (no loops through circular histories) */
  skipReplay: boolean;
  timestamp: string;
  notBefore: number;
  projected: Map<string, Doc>;
}

export interface ReportOutcome {
  effects: Effect[];
  replay: ClientMutingEvent[];
}

export const wasProcessedClientSide = (doc: Doc): boolean => !!doc.client_side_transitions?.muting;

function addMessage(env: ReportEnv, eventType: string, doc: Doc, unique: boolean): void {
  const config = messageFor(mutingConfig(env.settings), eventType);
  if (!config) return; // muting messages exist only when configured
  env.messaging.addMessage(doc, config, config.recipient, { patient: doc.patient, place: doc.place }, unique);
}

function addContactNotFoundError(env: ReportEnv, doc: Doc): void {
  const config = messageFor(mutingConfig(env.settings), 'contact_not_found');
  const text = env.messaging.getMessage(config, env.messaging.getLocale(doc));
  env.messaging.addError(doc, text || 'Failed to complete muting request, event type "contact_not_found" misconfigured.');
}

export async function processMutingReport(env: ReportEnv, run: ReportRun): Promise<ReportOutcome> {
  const { doc } = run;
  const none: ReportOutcome = { effects: [], replay: [] };
  const config = mutingConfig(env.settings);
  const muted = isMuteForm(config, doc.form);
  const contact: Doc | undefined = doc.patient || doc.place;

  if (!contact) {
    addContactNotFoundError(env, doc);
    addMessage(env, 'contact_not_found', doc, run.hasRun);
    return none;
  }

  const errors = await env.validate(doc);
  if (errors.length) {
    env.messaging.addErrors(config, doc, errors, { patient: doc.patient, place: doc.place });
    return none;
  }

  overlayMuted(contact, run.projected);
  const clientSide = wasProcessedClientSide(doc);
  // Only the subject's own flag counts here, not its ancestors'. Offline events are always applied.
  if (!!contact.muted === muted && !clientSide) {
    addMessage(env, contact.muted ? 'already_muted' : 'already_unmuted', doc, run.hasRun);
    return none;
  }

  const plan = await planCascade(
    env,
    { subject: contact, muted, reportId: doc._id, timestamp: run.timestamp, notBefore: run.notBefore },
    run.projected,
    clientSide && !run.skipReplay,
  );
  addMessage(env, muted ? 'mute' : 'unmute', doc, run.hasRun);
  return { effects: plan.effects, replay: plan.replay };
}
