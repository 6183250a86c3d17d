/**
 * update_notifications (spec 3.12; deprecated since CHT 3.2.x in favour of muting, async-only): an
 * `off_form` report mutes its patient (or place), an `on_form` report unmutes it, with the same cascade as
 * muting: the contact, everything below it and their registrations' reminders.
 *
 * vigil fix #1: the cascade is the muting library's (lib/muting): update effects applied to the fresh
 * docs after this report is saved, never written here.
 */
import type { VigilMessaging } from '../lib/messages/messaging';
import { isFormCodeSame, planCascade, startOfToday } from '../lib/muting';
import { getRegistrations, subjectIdsOf } from '../lib/registrations';
import { hasRun } from '../lib/runner/infodoc';
import type { ConfigProblem, Doc, MessageConfig, MessageContext, Settings, Transition, TransitionContext } from '../lib/types';
import { validate } from '../lib/validation';
import { isReport, isValidSubmission } from './shared/submission';

const NAME = 'update_notifications';
const ERROR_CODE = 'notification_error';
const EVENT_TYPES = ['on_mute', 'on_unmute', 'patient_not_found'];

export interface NotificationsConfig {
  on_form?: string;
  off_form?: string;
  validations?: { join_responses?: boolean; list?: any[] };
  messages?: MessageConfig[];
}

export function notificationsConfig(settings: Settings): NotificationsConfig {
  const section = settings.notifications;
  return section && typeof section === 'object' && !Array.isArray(section) ? section : {};
}

/**
 * true = mute, false = unmute, undefined = not a notification form. The regex is built from the
 * CONFIGURED code and tested against the report's form (the opposite direction to muting, spec 2.4);
 * the on_form wins when both match.
 */
export function muteRequested(config: NotificationsConfig, form: unknown): boolean | undefined {
  if (!config.on_form && !config.off_form) return undefined;
  if (isFormCodeSame(config.on_form, form)) return false;
  if (isFormCodeSame(config.off_form, form)) return true;
  return undefined;
}

const messageFor = (config: NotificationsConfig, eventType: string): MessageConfig | undefined =>
  Array.isArray(config.messages) ? config.messages.find((m) => m && m.event_type === eventType) : undefined;

/** An error with the event's message text for the doc's locale, or a "misconfigured" note without one. */
function addEventError(messaging: VigilMessaging, config: NotificationsConfig, doc: Doc, eventType: string): void {
  const text = messaging.getMessage(messageFor(config, eventType), messaging.getLocale(doc));
  messaging.addError(doc, {
    code: ERROR_CODE,
    message: text || `Failed to complete notification request, event type "${eventType}" misconfigured.`,
  });
}

/** The event's message; without a config for it, the "misconfigured" error instead (deduplicated by code). */
function addEventMessage(messaging: VigilMessaging, config: NotificationsConfig, doc: Doc, eventType: string, context: MessageContext): void {
  const message = messageFor(config, eventType);
  if (message) messaging.addMessage(doc, message, message.recipient, context);
  else addEventError(messaging, config, doc, eventType);
}

function configProblems(settings: Settings): ConfigProblem[] {
  const problems: ConfigProblem[] = [
    {
      path: `$.transitions.${NAME}`,
      section: 'transitions',
      severity: 'warning',
      message: `${NAME} is deprecated (CHT 3.2.x): use the muting transition instead`,
    },
  ];
  const config = notificationsConfig(settings);
  if (!config.on_form && !config.off_form) {
    problems.push({
      path: '$.notifications',
      section: 'notifications',
      severity: 'warning',
      message: 'neither notifications.on_form nor notifications.off_form is set, so update_notifications never does anything',
    });
  }
  (Array.isArray(config.messages) ? config.messages : []).forEach((m, i) => {
    if (m && typeof m.event_type === 'string' && !EVENT_TYPES.includes(m.event_type)) {
      problems.push({
        path: `$.notifications.messages[${i}].event_type`,
        section: 'notifications',
        severity: 'warning',
        message: `update_notifications never sends "${m.event_type}" messages (known: ${EVENT_TYPES.join(', ')})`,
      });
    }
  });
  return problems;
}

export const updateNotifications: Transition = {
  name: NAME,
  asynchronousOnly: true,
  sections: ['notifications'],
  validate: configProblems,
  filter: ({ doc, info, settings }) => isReport(doc) && !!doc.form && !hasRun(info, NAME) && isValidSubmission(settings, doc),

  async onMatch(ctx: TransitionContext) {
    const { doc, settings, lookups, clock } = ctx;
    const messaging = ctx.messaging as VigilMessaging;
    const config = notificationsConfig(settings);
    const mute = muteRequested(config, doc.form);
    if (mute === undefined) return { changed: false };

    const errors = await validate(config, doc, { settings, translations: ctx.translations, lookups, clock });
    if (errors.length) {
      messaging.addErrors(config, doc, errors, { patient: doc.patient, place: doc.place });
      return { changed: true };
    }

    const contact: Doc | undefined = doc.patient || doc.place;
    const eventType = mute ? 'on_mute' : 'on_unmute';
    if (!contact) {
      addEventError(messaging, config, doc, 'patient_not_found');
      addEventMessage(messaging, config, doc, 'patient_not_found', {});
      return { changed: true };
    }
    // CHT passes an empty registrations list to these templates
    const context: MessageContext = { registrations: [], patient: contact };
    if (!!contact.muted === mute) {
      addEventMessage(messaging, config, doc, eventType, context); // already in the wanted state: nothing to cascade
      return { changed: true };
    }

    const plan = await planCascade(
      { lookups, subjectIdsOf, registrationsOf: (ids) => getRegistrations(lookups, settings, ids) },
      { subject: contact, muted: mute, reportId: doc._id, timestamp: new Date(clock.nowMs()).toISOString(), notBefore: startOfToday(clock) },
      new Map(),
      false, // CHT's update_notifications never replays client-side muting
    );
    addEventMessage(messaging, config, doc, eventType, context);
    return { changed: true, effects: plan.effects };
  },
};
