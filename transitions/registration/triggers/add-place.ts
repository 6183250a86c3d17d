/**
 * add_place (spec 3.3): give the report a new `place_id` shortcode and create the place under the right
 * parent. Hard-coded place types keep `type: <it>`; others are `type: "contact"` + `contact_type`.
 */
import { generateShortcode } from '../../../lib/ids';
import type { Trigger } from '../trigger';
import { paramObject } from '../params';
import { createContact } from './new-contact';
import { resolveParent } from './parent';

export const DEFAULT_PLACE_NAME_FIELD = 'place_name';
const HARDCODED_PLACE_TYPES = ['district_hospital', 'health_center', 'clinic'];

export interface AddPlaceParams {
  nameField: string;
  contactType?: string;
  parentIdField?: string;
}

export function addPlaceParams(params: unknown): AddPlaceParams {
  if (Array.isArray(params)) return { nameField: params.length && params[0] ? String(params[0]) : DEFAULT_PLACE_NAME_FIELD };
  const p = paramObject(params);
  return {
    nameField: p.place_name_field || DEFAULT_PLACE_NAME_FIELD,
    contactType: p.contact_type || undefined,
    parentIdField: p.parent_id || undefined,
  };
}

export const addPlace: Trigger = async (env, rawParams) => {
  const { ctx, config } = env;
  const { doc } = ctx;
  if (doc.place_id) return;
  const params = addPlaceParams(rawParams);
  // validate() refuses add_place without contact_type, which disables the transition
  if (!params.contactType) throw new Error('add_place needs params.contact_type');

  const code = await generateShortcode(ctx.lookups);
  env.effects.push(...code.effects);
  doc.place_id = code.id;

  const found = await resolveParent(ctx, params.parentIdField, params.contactType);
  if ('rejection' in found) {
    ctx.messaging.addRejectionMessage(doc, config, found.rejection, found.context);
    return;
  }

  const type = HARDCODED_PLACE_TYPES.includes(params.contactType)
    ? { type: params.contactType }
    : { type: 'contact', contact_type: params.contactType };
  doc.place = createContact(
    env,
    'add_place',
    {
      name: doc.fields ? doc.fields[params.nameField] : undefined,
      reported_date: doc.reported_date,
      place_id: doc.place_id,
      source_id: doc._id,
      ...type,
    },
    found.parent,
  );
};
