/**
 * generate_patient_id_on_people (spec 3.6): deprecated since CHT 3.8.x in favour of
 * generate_shortcode_on_contacts, whose behaviour it shares exactly (places get a `place_id` too).
 */
import type { ConfigProblem, Transition } from '../lib/types';
import { shortcodeTransition } from './generate-shortcode-on-contacts';

const NAME = 'generate_patient_id_on_people';

export const generatePatientIdOnPeople: Transition = {
  ...shortcodeTransition(NAME),
  validate: (): ConfigProblem[] => [
    {
      path: `$.transitions.${NAME}`,
      section: 'transitions',
      severity: 'warning',
      message: `${NAME} is deprecated (CHT 3.8.x): use generate_shortcode_on_contacts, which does the same`,
    },
  ],
};
