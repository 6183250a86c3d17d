/**
 * mark_for_outbound (spec 3.16): for every doc revision, each outbound config whose `relevant_to` holds
 * for the hydrated doc gets a push queued in the durable outbox, unless the payload it would send now
 * is the one last delivered for that config.
 *
 * vigil never pushes from inside the transition (CHT does, before the save, on every revision): it
 * returns `outbound` effects, which the runner commits after the doc is saved, and the outbound job
 * sends them right after (lib/outbound, schedules/outbound.ts). The doc itself is never changed, so the
 * transition is never recorded and runs again on the next revision, as in CHT.
 */
import type { Effect, Transition } from '../lib/types';
import { hasOutboundConfig, outboundConfigs } from '../lib/outbound/config';
import { lastCompletedHash } from '../lib/outbound/completed';
import { buildPayload } from '../lib/outbound/payload';
import { payloadHash } from '../lib/outbound/hash';

const NAME = 'mark_for_outbound';

export const markForOutbound: Transition = {
  name: NAME,
  sections: ['outbound'],
  filter: ({ settings }) => hasOutboundConfig(settings),
  async onMatch(ctx) {
    const { doc, expressions } = ctx;
    const configs = outboundConfigs(ctx.settings);
    // Every relevant_to first: one that throws rejects the whole run, and nothing is queued (CHT).
    const relevant = configs.filter(([, config]) => typeof config.relevant_to === 'string' && config.relevant_to !== '' && !!expressions.evaluate(config.relevant_to, { doc }));
    const effects: Effect[] = [];
    for (const [name, config] of relevant) {
      let hash: string | undefined;
      try {
        hash = payloadHash(buildPayload(name, config, doc, expressions));
      } catch {
        hash = undefined; // the push will fail; the job records why and retries
      }
      if (hash !== undefined && hash === lastCompletedHash(ctx.info, name)) continue;
      effects.push({ kind: 'outbound', name, docId: doc._id });
    }
    return { changed: false, effects };
  },
};
