/**
 * generate_shortcode_on_contacts (spec 3.6, async-only): every contact of a CONFIGURED type gets a
 * shortcode: `patient_id` for person types, `place_id` for place types, unless it already has a truthy
 * one. No run-once check: the id being present is what stops it.
 *
 * The generator (lib/ids) reserves ids in-process and returns raising the stored length as an effect,
 * so transitions never write the length doc themselves.
 */
import { generateShortcode } from '../lib/ids';
import { getContactType, isPersonType, isPlaceType } from '../lib/runner/contact-types';
import type { Doc, Settings, Transition, TransitionName } from '../lib/types';

/** The property a contact's shortcode goes in, or undefined when it needs none (spec 3.6 filter). */
export function missingShortcodeProperty(settings: Settings, doc: Doc): 'patient_id' | 'place_id' | undefined {
  const type = getContactType(settings, doc);
  if (!type) return undefined; // hard-coded types without contact_types config do not count
  if (isPersonType(type)) return doc.patient_id ? undefined : 'patient_id';
  if (isPlaceType(type)) return doc.place_id ? undefined : 'place_id';
  return undefined;
}

/** Both names share this behaviour (generate_patient_id_on_people delegates in CHT). */
export function shortcodeTransition(name: TransitionName): Transition {
  return {
    name,
    asynchronousOnly: true,
    sections: ['contact_types'],
    filter: ({ doc, settings }) => missingShortcodeProperty(settings, doc) !== undefined,
    async onMatch({ doc, settings, lookups }) {
      const property = missingShortcodeProperty(settings, doc);
      if (!property) return { changed: false };
      const { id, effects } = await generateShortcode(lookups);
      doc[property] = id;
      return { changed: true, effects };
    },
  };
}

export const generateShortcodeOnContacts: Transition = shortcodeTransition('generate_shortcode_on_contacts');
