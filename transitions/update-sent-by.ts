/** update_sent_by: name the sender of an SMS report after the contact with that phone (spec 3.8). */
import type { Transition } from '../lib/types';
import { isReport } from './shared/submission';

const NAME = 'update_sent_by';

export const updateSentBy: Transition = {
  name: NAME,
  sections: [],
  filter: ({ doc, info }) =>
    !!doc.from && isReport(doc) && doc.sent_by === undefined && !(info.transitions?.[NAME] && info.transitions[NAME].ok),
  async onMatch(ctx) {
    const [contact] = await ctx.lookups.contactsByPhone(String(ctx.doc.from));
    if (!contact?.name) return { changed: false }; // tried again on a later revision
    ctx.doc.sent_by = contact.name;
    return { changed: true };
  },
};
