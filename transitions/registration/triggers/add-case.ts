/** add_case (spec 3.3): a new `case_id` shortcode, and the submitter's place as `fields.place_uuid`. */
import { generateShortcode } from '../../../lib/ids';
import type { Trigger } from '../trigger';

export const addCase: Trigger = async (env) => {
  const { doc, lookups } = env.ctx;
  if (!doc.case_id) {
    const code = await generateShortcode(lookups);
    env.effects.push(...code.effects);
    doc.case_id = code.id;
  }
  const placeId = doc.contact && doc.contact.parent && doc.contact.parent._id;
  if (placeId) {
    doc.fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
    doc.fields.place_uuid = placeId;
  }
};
