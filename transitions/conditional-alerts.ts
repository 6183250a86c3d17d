/**
 * conditional_alerts: send an alert when a report's condition holds (spec 3.10). A condition that
 * names the form code may call `<FORM>(i)`: the i-th most recent report of that form from the same
 * place (0 = this one).
 */
import type { Doc, MessageConfig, Transition, TransitionContext } from '../lib/types';
import { hasRun } from '../lib/runner/infodoc';
import { isValidSubmission } from './shared/submission';

const NAME = 'conditional_alerts';

interface AlertConfig extends MessageConfig {
  form?: string;
  condition?: unknown;
}

/** `alerts` may be an object keyed by anything, or an array. */
export function alertsOf(settings: Record<string, any>): AlertConfig[] {
  const alerts = settings.alerts;
  if (Array.isArray(alerts)) return alerts.filter(Boolean);
  return alerts && typeof alerts === 'object' ? (Object.values(alerts) as AlertConfig[]).filter(Boolean) : [];
}

/** Reports of the form from the doc's place, newest first, with the doc itself in place of its stored copy. */
async function formHistory(ctx: TransitionContext, form: string): Promise<Doc[]> {
  const parentId = ctx.doc.contact?.parent?._id;
  const stored = parentId ? await ctx.lookups.reportsByFormAndParent(form, parentId) : [];
  const reports = stored.filter((r) => r._id !== ctx.doc._id);
  reports.push(ctx.doc);
  return reports.sort((a, b) => (Number(b.reported_date) || 0) - (Number(a.reported_date) || 0));
}

export const conditionalAlerts: Transition = {
  name: NAME,
  sections: ['alerts', 'forms'],
  filter: ({ doc, info, settings }) => doc.type === 'data_record' && !!doc.form && !hasRun(info, NAME) && isValidSubmission(settings, doc),
  async onMatch(ctx) {
    const { doc } = ctx;
    let fired = false;
    let history: Doc[] | undefined;
    for (const alert of alertsOf(ctx.settings)) {
      if (alert.form !== doc.form || typeof alert.condition !== 'string') continue;
      const scope: Record<string, unknown> = { doc };
      if (alert.condition.includes(doc.form)) {
        history ??= await formHistory(ctx, doc.form);
        const reports = history;
        scope[doc.form] = (i: number) => reports[i];
      }
      // An exception here fails the whole transition (CHT): it becomes an errors entry on the doc.
      if (ctx.expressions.evaluate(alert.condition, scope)) {
        ctx.messaging.addMessage(doc, alert, alert.recipient);
        fired = true;
      }
    }
    return { changed: fired };
  },
};
