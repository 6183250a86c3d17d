/**
 * muting (spec 3.15, async-only): mute/unmute forms silence a contact, everything below it and their
 * scheduled messages; contacts created under a muted place, or muted/unmuted by the offline app, follow.
 *
 * vigil fix #1: every write to another doc (descendant contacts, registrations, infodocs of contacts,
 * replayed reports) is an `update` effect applied to the fresh doc after this doc is saved (lib/muting/ops).
 */
import type { VigilMessaging } from '../lib/messages/messaging';
import {
  isLastUpdatedByClient,
  isMuteForm,
  isNewContactWithMutedParent,
  isUnmuteForm,
  mutingConfig,
  mutingReportIdOf,
  processMutingContact,
  processMutingReport,
  replayEvents,
  replayQueue,
  startOfToday,
  type ReplayEnv,
} from '../lib/muting';
import { getRegistrations, subjectIdsOf } from '../lib/registrations/registrations';
import { getContactType } from '../lib/runner/contact-types';
import { hasRun } from '../lib/runner/infodoc';
import type { ConfigProblem, Doc, InfoDoc, Settings, Transition, TransitionContext } from '../lib/types';
import { validate } from '../lib/validation';
import { isValidSubmission } from './shared/submission';

const NAME = 'muting';
const EVENT_TYPES = ['mute', 'unmute', 'already_muted', 'already_unmuted', 'contact_not_found'];

/** A mute or unmute report muting has not run on (the run-once check is left to the caller). */
function isMutingReport(settings: Settings, doc: Doc): boolean {
  const config = mutingConfig(settings);
  return (
    doc.type === 'data_record' &&
    !!doc.form &&
    (isMuteForm(config, doc.form) || isUnmuteForm(config, doc.form)) &&
    isValidSubmission(settings, doc)
  );
}

function isMutingContact(settings: Settings, doc: Doc, info: InfoDoc): boolean {
  return !!getContactType(settings, doc) && (isNewContactWithMutedParent(doc, info) || isLastUpdatedByClient(doc));
}

function env(ctx: TransitionContext): ReplayEnv {
  const { settings, lookups } = ctx;
  const config = mutingConfig(settings);
  return {
    settings,
    lookups,
    messaging: ctx.messaging as VigilMessaging,
    subjectIdsOf,
    registrationsOf: (ids) => getRegistrations(lookups, settings, ids),
    validate: (doc) => validate(config, doc, { settings, translations: ctx.translations, lookups, clock: ctx.clock }),
    isRelevantReport: (doc) => isMutingReport(settings, doc),
  };
}

export const muting: Transition = {
  name: NAME,
  asynchronousOnly: true,
  sections: ['muting'],

  validate(settings) {
    const forms = settings.muting?.mute_forms;
    const problems: ConfigProblem[] = [];
    if (!Array.isArray(forms) || !forms.length) {
      problems.push({ path: '$.muting.mute_forms', section: 'muting', message: 'muting needs a non-empty mute_forms array' });
    }
    const messages = settings.muting?.messages;
    (Array.isArray(messages) ? messages : []).forEach((m, i) => {
      if (m && typeof m.event_type === 'string' && !EVENT_TYPES.includes(m.event_type)) {
        problems.push({
          path: `$.muting.messages[${i}].event_type`,
          section: 'muting',
          severity: 'warning',
          message: `muting never sends "${m.event_type}" messages (known: ${EVENT_TYPES.join(', ')})`,
        });
      }
    });
    return problems;
  },

  filter: ({ doc, info, settings }) =>
    (isMutingReport(settings, doc) && !hasRun(info, NAME)) || isMutingContact(settings, doc, info),

  async onMatch(ctx) {
    const { doc, clock } = ctx;
    const e = env(ctx);
    const timestamp = new Date(clock.nowMs()).toISOString();
    const notBefore = startOfToday(clock);

    if (doc.type !== 'data_record') {
      return processMutingContact(
        { ...e, mutingReportIdOf: (ancestor) => mutingReportIdOf(ctx.lookups, ctx.settings, ancestor, subjectIdsOf) },
        { doc, info: ctx.info, timestamp, notBefore },
      );
    }

    const projected = new Map<string, Doc>();
    const outcome = await processMutingReport(e, { doc, hasRun: hasRun(ctx.info, NAME), skipReplay: false, timestamp, notBefore, projected });
    const effects = [...outcome.effects];
    if (outcome.replay.length) {
      effects.push(...(await replayEvents(e, { queue: replayQueue(outcome.replay), current: doc, timestamp, notBefore, projected })));
    }
    return { changed: true, effects };
  },
};
