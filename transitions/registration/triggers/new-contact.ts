/** What add_patient and add_place share: the create effect with a deterministic id. */
import { deterministicUuid } from '../../../lib/ids';
import { minifyLineage } from '../../../lib/runner/minify';
import type { Doc } from '../../../lib/types';
import type { TriggerEnv } from '../trigger';

/**
 * Queues the creation of `contact` under `parent` and returns the in-memory version for templates (the
 * full parent attached). The id derives from the report, trigger and event position (design.md §1 fix 1):
 * a re-run or a replayed commit finds the contact already there instead of creating another. CHT POSTs
 * the contact right away, with a server-generated id.
 */
export function createContact(env: TriggerEnv, trigger: string, contact: Record<string, unknown>, parent: Doc): Doc {
  const { doc } = env.ctx;
  const stored: Doc = {
    _id: deterministicUuid(doc._id, trigger, env.index),
    ...contact,
    parent: minifyLineage(parent),
    created_by: doc.contact && doc.contact._id,
  };
  // JSON: drop undefined values, as CouchDB would never store them
  env.effects.push({ kind: 'create', doc: JSON.parse(JSON.stringify(stored)) });
  return { ...stored, parent };
}
