/**
 * Commits the effects of a transition run after the doc itself was saved. Every effect is idempotent:
 * creates use deterministic ids (an existing doc means "done"), updates are pure functions re-applied to
 * the fresh doc on 409.
 */
import type { Couch, Db } from '../couch/client';
import { statusOf } from '../couch/client';
import { bulkSave } from '../couch/bulk';
import type { Effect } from '../types';
import { getUpdateOp } from './update-ops';
import { enqueue as enqueueOutbound } from '../outbound/outbox';
import { notifyOutbound, outboxTarget } from '../outbound/notifier';

/**
 * Update ops allowed to create their doc when it is missing (create-or-update): they are applied to
 * `{ _id }` instead. Opt-in per op name, so every other op keeps "missing doc = nothing to do".
 */
const creatingOps = new Set<string>();

export function allowCreate(opName: string): void {
  creatingOps.add(opName);
}

async function create(db: Db, doc: any): Promise<void> {
  try {
    await db.insert(doc);
  } catch (err) {
    if (statusOf(err) !== 409) throw err; // already created by an earlier attempt
  }
}

async function update(db: Db, id: string, opName: string, args: unknown, nowIso: string, attempts = 10): Promise<void> {
  const op = getUpdateOp(opName);
  for (let attempt = 0; ; attempt++) {
    let doc;
    try {
      doc = await db.get(id);
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      if (!creatingOps.has(opName)) return; // nothing to update any more
      doc = { _id: id }; // create it; a concurrent creation comes back as 409 and is retried as an update
    }
    const next = op(structuredClone(doc), args, nowIso);
    if (!next) return;
    try {
      await db.insert(next);
      return;
    } catch (err) {
      if (statusOf(err) !== 409 || attempt >= attempts) throw err;
    }
  }
}

export async function applyEffects(couch: Couch, effects: Effect[], nowIso: string): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'create':
        await create(couch.medic, effect.doc);
        break;
      case 'update':
        await update(effect.db === 'sentinel' ? couch.sentinel : couch.medic, effect.id, effect.op, effect.args, nowIso);
        break;
      case 'outbound':
        // durable first (the outbox doc), then wake the sender: pushes leave only after the commit
        await enqueueOutbound(couch.sentinel, effect.docId, effect.name, Date.parse(nowIso));
        notifyOutbound(outboxTarget(couch), effect.docId);
        break;
    }
  }
}

/** The effects of one transitioned doc; `key` names it in the failures. */
export interface EffectGroup {
  key: string;
  effects: Effect[];
}

/**
 * Applies the effects of many docs: every `create` of every group in `_bulk_docs` requests (a batch of
 * registrations creating patients costs one request, not one each), then each group's other effects in
 * order. Returns the groups that failed, with their error; the others are fully applied. Creates go
 * first, so an update of a doc created in the same batch always finds it.
 */
export async function applyEffectGroups(couch: Couch, groups: EffectGroup[], nowIso: string): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  const owners = new Map<string, string[]>();
  const creates: any[] = [];
  for (const group of groups) {
    for (const effect of group.effects) {
      if (effect.kind !== 'create') continue;
      const id = effect.doc._id as string;
      const known = owners.get(id);
      if (known) {
        known.push(group.key); // the same deterministic doc from two groups: written once, owned by both
        continue;
      }
      owners.set(id, [group.key]);
      creates.push(effect.doc);
    }
  }
  if (creates.length) {
    const fail = (id: string, error: unknown) => {
      for (const key of owners.get(id) ?? []) failed.set(key, error);
    };
    try {
      for (const r of await bulkSave(couch.medic, creates)) {
        if (r.ok || r.status === 409) continue; // 409: already created by an earlier attempt
        fail(r.id, Object.assign(new Error(`creating ${r.id}: ${r.error ?? 'failed'} ${r.reason ?? ''}`.trim()), { statusCode: r.status }));
      }
    } catch (error) {
      // CouchDB refuses a whole `_bulk_docs` over one malformed doc (400): then create one by one, so
      // only the doc that asked for the bad one fails. Anything else (the server unreachable) fails all.
      if (statusOf(error) !== 400) {
        for (const doc of creates) fail(doc._id, error);
      } else {
        for (const doc of creates) {
          try {
            await create(couch.medic, doc);
          } catch (err) {
            fail(doc._id, err);
          }
        }
      }
    }
  }
  for (const group of groups) {
    if (failed.has(group.key)) continue;
    const rest = group.effects.filter((e) => e.kind !== 'create');
    if (!rest.length) continue;
    try {
      await applyEffects(couch, rest, nowIso);
    } catch (error) {
      failed.set(group.key, error);
    }
  }
  return failed;
}
