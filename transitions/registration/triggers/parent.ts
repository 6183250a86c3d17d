/**
 * The parent of a contact add_patient / add_place creates (spec 3.3 steps 3-4):
 * - `parent_id` param: the contact whose shortcode is in `doc.fields[parent_id]` (as stored);
 * - else the submitter's parent (a copy of the hydrated lineage);
 * - else (no submitter, or one without a parent) the contact with the report's `from` phone becomes the
 *   submitter and its parent place (as stored) the parent.
 * Then the new contact's type must list the parent's type among its `parents`.
 *
 * Which form the parent takes matters to templates: a stored parent has a minified lineage, so
 * `{{parent.name}}` of a patient under a clinic is the clinic, not the health centre above it.
 */
import { getTypeId, isAllowedParent } from '../../../lib/runner/contact-types';
import type { Doc, MessageContext, TransitionContext } from '../../../lib/types';

export type ParentResult = { parent: Doc } | { rejection: string; context?: MessageContext };

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

async function byShortcode(ctx: TransitionContext, field: string): Promise<ParentResult> {
  const fields = ctx.doc.fields && typeof ctx.doc.fields === 'object' ? ctx.doc.fields : {};
  const code = fields[field];
  if (!code) return { rejection: 'parent_field_not_provided' };
  const [id] = await ctx.lookups.contactIdsByReference('shortcode', String(code));
  const parent = id ? await ctx.lookups.getDoc(id) : undefined;
  return parent ? { parent } : { rejection: 'parent_not_found' };
}

async function bySubmitter(ctx: TransitionContext): Promise<ParentResult> {
  const { doc } = ctx;
  if (doc.contact && doc.contact.parent) return { parent: copy(doc.contact.parent) };
  if (!doc.from) return { rejection: 'parent_not_found' };
  const [contact] = await ctx.lookups.contactsByPhone(String(doc.from));
  if (!contact || !contact.parent || !contact.parent._id) return { rejection: 'parent_not_found' };
  doc.contact = contact;
  const parent = await ctx.lookups.getDoc(contact.parent._id);
  return parent ? { parent } : { rejection: 'parent_not_found' };
}

/** The parent, or the rejection to add (`parent_invalid` carries the parent for `{{parent.*}}`). */
export async function resolveParent(ctx: TransitionContext, parentIdField: unknown, childTypeId: string): Promise<ParentResult> {
  const found = typeof parentIdField === 'string' && parentIdField !== '' ? await byShortcode(ctx, parentIdField) : await bySubmitter(ctx);
  if ('rejection' in found) return found;
  if (!isAllowedParent(ctx.settings, childTypeId, getTypeId(found.parent))) {
    return { rejection: 'parent_invalid', context: { templateContext: { parent: found.parent } } };
  }
  return found;
}
