/**
 * registration (spec 3.3): a report that registers a subject — creates the patient or place, computes
 * dates, assigns or clears message schedules, and replies.
 *
 * 1. validations fail -> errors + one reply, done;
 * 2. `fields.patient_id` / `fields.place_id` given but not a known person / place -> `registration_not_found`;
 * 3. the `on_create` triggers, in config order (expressions evaluated up front);
 * 4. success messages.
 * Always "changed", so a registration runs once. Docs it creates or updates elsewhere are effects.
 */
import { hasRun } from '../lib/runner/infodoc';
import type { Effect, Transition } from '../lib/types';
import { validate } from '../lib/validation';
import { isReport, isValidSubmission } from './shared/submission';
import { getRegistrationConfig } from './registration/config';
import { prepareEvents } from './registration/events';
import { subjectsFound } from './registration/subject';
import { addSuccessMessages } from './registration/success';
import { validateRegistrationConfig } from './registration/validate-config';

const NAME = 'registration';

export const registration: Transition = {
  name: NAME,
  sections: ['registrations', 'schedules', 'contact_types', 'forms'],
  validate: validateRegistrationConfig,
  filter: ({ doc, info, settings }) =>
    isReport(doc) && !hasRun(info, NAME) && !!getRegistrationConfig(settings, doc.form) && isValidSubmission(settings, doc),

  async onMatch(ctx) {
    const { doc, settings, messaging } = ctx;
    const config = getRegistrationConfig(settings, doc.form);
    if (!config) return { changed: false }; // settings changed since the filter

    const errors = await validate(config, doc, { settings, translations: ctx.translations, lookups: ctx.lookups, clock: ctx.clock });
    if (errors.length) {
      messaging.addErrors(config, doc, errors, { patient: doc.patient, place: doc.place });
      return { changed: true };
    }

    if (!subjectsFound(settings, doc)) {
      messaging.addRejectionMessage(doc, config, 'registration_not_found');
      return { changed: true };
    }

    const effects: Effect[] = [];
    for (const event of prepareEvents(config, doc, ctx.expressions)) {
      await event.run({ ctx, config, effects, index: event.index }, event.params);
    }
    await addSuccessMessages(ctx, config);
    return { changed: true, effects };
  },
};
