/**
 * update_clinics: attach the sender's contact to an incoming report, found by the report's `refid`
 * (a facility's external code) or its `from` phone number (spec 3.1).
 */
import type { Doc, Transition, TransitionContext } from '../lib/types';
import { hasRun } from '../lib/runner/infodoc';
import { configForForm, getForm, isReport, isXForm } from './shared/submission';

const NAME = 'update_clinics';

function configuredTypeIds(settings: Record<string, any>): Set<string> {
  return new Set(Array.isArray(settings.contact_types) ? settings.contact_types.map((t: any) => t?.id) : []);
}

const typeIdOf = (doc: Doc): string | undefined => (doc.type === 'contact' ? doc.contact_type : doc.type);

async function findByRefid(ctx: TransitionContext, refid: string): Promise<Doc | undefined> {
  const [id] = await ctx.lookups.contactIdsByReference('external', String(refid));
  if (!id) return undefined;
  const found = await ctx.lookups.getDoc(id);
  const types = ctx.settings.contact_types;
  if (!found || !configuredTypeIds(ctx.settings).has(typeIdOf(found) as string)) return undefined;
  const isPerson = Array.isArray(types) && types.some((t: any) => t?.id === typeIdOf(found) && t.person) ;
  if (isPerson || found.type === 'person') return ctx.lookups.hydrateContact(found);
  // A place: its primary contact, or a stand-in contact whose parent is the place.
  const primaryId = found.contact?._id;
  if (primaryId) return ctx.lookups.hydrateContact(primaryId);
  const place = await ctx.lookups.hydrateContact(found);
  return found.contact ?? { parent: place };
}

async function findByPhone(ctx: TransitionContext, from: unknown): Promise<Doc | undefined> {
  const [contact] = await ctx.lookups.contactsByPhone(String(from));
  return contact ? ctx.lookups.hydrateContact(contact) : undefined;
}

export const updateClinics: Transition = {
  name: NAME,
  sections: ['update_clinics', 'forms', 'contact_types'],
  filter: ({ doc, info }) => isReport(doc) && !doc.contact && !hasRun(info, NAME),
  async onMatch(ctx) {
    const { doc, settings } = ctx;
    let contact: Doc | undefined;
    if (doc.refid) contact = await findByRefid(ctx, doc.refid);
    else if (doc.from) contact = await findByPhone(ctx, doc.from);

    if (contact) {
      doc.contact = contact;
      return { changed: true };
    }
    if (isXForm(doc)) return { changed: false };
    const form = getForm(settings, doc.form);
    if (form && !form.public_form) {
      const config = configForForm<{ form: string; messages?: any[] }>(settings.update_clinics, doc.form);
      ctx.messaging.addRejectionMessage(doc, config, 'sys.facility_not_found');
      return { changed: true };
    }
    if (!form) {
      const locale = ctx.messaging.getLocale(doc);
      ctx.messaging.addError(doc, { code: 'sys.facility_not_found', message: ctx.messaging.translate('sys.facility_not_found', locale) });
      return { changed: true };
    }
    return { changed: false }; // public form from an unknown sender is fine
  },
};
