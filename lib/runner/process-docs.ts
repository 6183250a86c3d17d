/**
 * Transitions a set of medic docs (one batch) and commits the results:
 *
 *   bulk read docs + infodocs -> recover unfinished intents -> hydrate in bulk -> run transitions
 *   (concurrently, one run per doc id) -> write intents into infodocs -> bulk save docs -> apply
 *   effects -> write infodocs with the recorded transitions.
 *
 * The intent written before the doc save makes the commit crash-safe: if the process dies after the
 * save, the next pass finds the doc past the intent's revision and folds the intent in instead of
 * running the transitions again (no duplicated tasks, no repeated side effects).
 */
import { createHash } from 'node:crypto';
import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import type { Logger } from 'winston';
import type { Couch } from '../couch/client';
import type { Doc, InfoDoc, Lookups, TransitionContext } from '../types';
import type { ConfigSnapshot } from './snapshot';
import { blankInfodoc, fetchInfodocs, revGeneration, saveInfodocs } from './infodoc';
import { runTransitions, type DocRunResult, type TransitionOutcome } from './run-transitions';
import { applyEffectGroups, type EffectGroup } from './effects';
import { minify } from './minify';
import { hydrateDocs } from './hydrate';

export interface ProcessDeps {
  couch: Couch;
  lookups: Lookups & { invalidate?(ids: string[]): void };
  config: ConfigSnapshot;
  concurrency: number;
  logger: Logger;
  onOutcome?: (o: TransitionOutcome) => void;
}

export interface DocTarget {
  id: string;
  seq: string | null;
}

export interface ProcessResult {
  /** ids fully done (transitioned and committed, or nothing to do) */
  done: string[];
  /** ids that failed this attempt, with the reason (retry them) */
  failed: Map<string, { error: unknown; rev?: string }>;
}

interface Work {
  target: DocTarget;
  stored: Doc;
  info: InfoDoc;
  infoIsNew: boolean;
  run?: DocRunResult;
  working?: Doc;
}

/** A medic doc that is a legacy infodoc (CHT once kept them in the medic db): never transitioned. */
const isLegacyInfodoc = (doc: Doc) => doc.type === 'info' && doc._id.endsWith('-info');

export async function processDocs(targets: DocTarget[], deps: ProcessDeps): Promise<ProcessResult> {
  const { couch, config, logger } = deps;
  const nowIso = () => new Date(config.clock.nowMs()).toISOString();
  const result: ProcessResult = { done: [], failed: new Map() };
  const ids = targets.map((t) => t.id);

  const docs = await fetchDocMap(couch, ids);
  const infos = await fetchInfodocs(couch.sentinel, ids);

  const work: Work[] = [];
  for (const target of targets) {
    const stored = docs.get(target.id);
    if (!stored || isLegacyInfodoc(stored)) {
      result.done.push(target.id); // deleted (or purged) since the change, or not a real doc
      continue;
    }
    const existing = infos.get(target.id);
    work.push({ target, stored, info: existing ?? blankInfodoc(target.id, nowIso()), infoIsNew: !existing });
  }

  await recoverIntents(work, deps, nowIso(), result);
  const live = work.filter((w) => !result.failed.has(w.target.id));

  // Hydrate working copies in bulk, then run the transitions on each doc.
  const hydrated = await hydrateDocs(live.map((w) => structuredClone(w.stored)), deps.lookups);
  live.forEach((w, i) => (w.working = hydrated[i]));

  await lastValueFrom(
    from(live).pipe(
      mergeMap(async (w) => {
        try {
          const ctx: TransitionContext = {
            doc: w.working as Doc,
            info: w.info,
            seq: w.target.seq,
            initialProcessing: !w.info.transitions,
            settings: config.settings,
            translations: config.translations,
            clock: config.clock,
            lookups: deps.lookups,
            messaging: config.messaging,
            expressions: config.expressions,
          };
          w.run = await runTransitions(ctx, config.transitions, () => Date.now(), deps.onOutcome);
        } catch (error) {
          result.failed.set(w.target.id, { error, rev: w.stored._rev });
        }
      }, Math.max(1, deps.concurrency)),
      toArray(),
    ),
  );

  const ran = live.filter((w) => w.run && !result.failed.has(w.target.id));
  const changed = ran.filter((w) => w.run!.changed);
  const unchanged = ran.filter((w) => !w.run!.changed);

  // 1. Intents for changed docs, and "seen" infodocs for docs nothing applied to (CHT: transitions = {}).
  const intentDocs: InfoDoc[] = [];
  const toSave = new Map<string, Doc>();
  for (const w of changed) {
    const body = minify(w.working as Doc);
    toSave.set(w.target.id, body);
    w.info.vigil_pending = {
      from_rev: w.stored._rev as string,
      transitions: w.run!.records,
      effects: w.run!.effects,
      created: nowIso(),
      doc_hash: bodyHash(body),
    };
    intentDocs.push(w.info);
  }
  for (const w of unchanged) {
    if (!w.info.transitions) {
      w.info.transitions = {};
      intentDocs.push(w.info);
    } else if (w.infoIsNew) {
      intentDocs.push(w.info);
    }
  }
  if (intentDocs.length) await saveInfodocs(couch.sentinel, intentDocs);
  // Effects of transitions that left the doc as it was (mark_for_outbound never changes it): nothing to
  // save first, and re-running them after a crash derives the same idempotent effects again.
  const withEffects = unchanged.filter((w) => w.run!.effects.length);
  const unchangedFailures = await commitEffects(deps, withEffects.map((w) => ({ key: w.target.id, effects: w.run!.effects })), nowIso());
  for (const w of unchanged) {
    const error = unchangedFailures.get(w.target.id);
    if (error) result.failed.set(w.target.id, { error, rev: w.stored._rev });
    else result.done.push(w.target.id);
  }

  // 2. Save the changed docs in one bulk request; results are matched by id.
  if (changed.length) {
    const saves = (await couch.medic.bulk({ docs: changed.map((w) => toSave.get(w.target.id) as Doc) })) as Array<{ id: string; rev?: string; error?: string; reason?: string }>;
    const byId = new Map(saves.map((r) => [r.id, r]));
    deps.lookups.invalidate?.(changed.map((w) => w.target.id));
    const saved: Work[] = [];
    for (const w of changed) {
      const r = byId.get(w.target.id);
      if (r?.rev && !r.error) {
        saved.push(w);
      } else {
        const error = Object.assign(new Error(`saving ${w.target.id}: ${r?.error ?? 'no result'} ${r?.reason ?? ''}`.trim()), {
          statusCode: r?.error === 'conflict' ? 409 : r?.error === 'forbidden' ? 403 : 500,
        });
        result.failed.set(w.target.id, { error, rev: w.stored._rev });
      }
    }
    // A failed save must not leave its intent behind: someone else's newer revision would look like ours.
    const stale = changed.filter((w) => result.failed.has(w.target.id)).map((w) => {
      delete w.info.vigil_pending;
      return w.info;
    });
    if (stale.length) await saveInfodocs(couch.sentinel, stale);

    // 3. Effects, then fold each intent into the recorded transitions.
    const finals: InfoDoc[] = [];
    const effectFailures = await commitEffects(deps, saved.map((w) => ({ key: w.target.id, effects: w.run!.effects })), nowIso());
    for (const w of saved) {
      const error = effectFailures.get(w.target.id);
      if (error) {
        result.failed.set(w.target.id, { error }); // intent stays: the retry replays the effects
        continue;
      }
      finals.push(foldIntent(w.info));
      for (const [name] of Object.entries(w.run!.records)) {
        logger.debug('transition changed doc', { transition: name, doc_id: w.target.id, seq: w.target.seq });
      }
    }
    if (finals.length) await saveInfodocs(couch.sentinel, finals);
    finals.forEach((info) => result.done.push(info.doc_id));
  }
  return result;
}

/**
 * Applies the effects of several docs, then drops the medic docs they wrote from the lookups cache: their
 * own changes may be many batches away in the feed, and until then a later batch must not read the version
 * cached before. Returns the docs whose effects failed.
 */
async function commitEffects(deps: ProcessDeps, groups: EffectGroup[], nowIso: string): Promise<Map<string, unknown>> {
  if (!groups.length) return new Map();
  try {
    return await applyEffectGroups(deps.couch, groups, nowIso);
  } finally {
    const ids = groups.flatMap((g) =>
      g.effects.flatMap((e) => (e.kind === 'create' ? [e.doc._id as string] : e.kind === 'update' && e.db !== 'sentinel' ? [e.id] : [])),
    );
    if (ids.length) deps.lookups.invalidate?.(ids);
  }
}

/** Moves a pending intent's transitions into the infodoc's `transitions` map. */
function foldIntent(info: InfoDoc): InfoDoc {
  const pending = info.vigil_pending;
  if (pending) info.transitions = { ...(info.transitions ?? {}), ...pending.transitions };
  delete info.vigil_pending;
  return info;
}

/**
 * An infodoc with an intent means an earlier attempt stopped mid-commit. If the doc moved past the
 * intent's revision, the save landed: replay the (idempotent) effects and record the transitions.
 * Otherwise the save never happened: drop the intent and run the transitions again.
 */
async function recoverIntents(work: Work[], deps: ProcessDeps, nowIso: string, result: ProcessResult): Promise<void> {
  const repaired: InfoDoc[] = [];
  for (const w of work) {
    const pending = w.info.vigil_pending;
    if (!pending) continue;
    if (await intentLanded(deps.couch, w.stored, pending)) {
      const error = (await commitEffects(deps, [{ key: w.target.id, effects: pending.effects ?? [] }], nowIso)).get(w.target.id);
      if (error) {
        result.failed.set(w.target.id, { error, rev: w.stored._rev });
      } else {
        repaired.push(foldIntent(w.info));
        deps.logger.info('recovered an interrupted commit', { doc_id: w.target.id, from_rev: pending.from_rev });
      }
    } else {
      delete w.info.vigil_pending;
      repaired.push(w.info);
    }
  }
  if (repaired.length) await saveInfodocs(deps.couch.sentinel, repaired);
}

/** sha256 of a doc body without `_rev`, with keys sorted, so equal bodies hash equally. */
export function bodyHash(doc: Doc): string {
  const { _rev, ...rest } = doc;
  return createHash('sha256').update(stableStringify(rest)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Did the save recorded in this intent happen? The doc must have moved past the intent's revision and
 * the revision right after it must carry the body we meant to save.
 */
async function intentLanded(couch: Couch, current: Doc, pending: NonNullable<InfoDoc['vigil_pending']>): Promise<boolean> {
  const fromGen = revGeneration(pending.from_rev);
  const gen = revGeneration(current._rev);
  if (gen <= fromGen) return false;
  if (!pending.doc_hash) return true; // older intent without a hash: trust the revision
  if (gen === fromGen + 1) return bodyHash(current) === pending.doc_hash;
  try {
    const withRevs = (await couch.medic.get(current._id, { revs: true })) as Doc & { _revisions?: { start: number; ids: string[] } };
    const revs = withRevs._revisions;
    if (!revs) return true;
    const next = revs.ids[revs.start - (fromGen + 1)];
    const prev = revs.ids[revs.start - fromGen];
    if (!next || `${fromGen}-${prev}` !== pending.from_rev) return false;
    const body = (await couch.medic.get(current._id, { rev: `${fromGen + 1}-${next}` })) as Doc;
    return bodyHash(body) === pending.doc_hash;
  } catch {
    return true; // the revision body was compacted away; the revision chain says it followed ours
  }
}

async function fetchDocMap(couch: Couch, ids: string[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>();
  for (let i = 0; i < ids.length; i += 500) {
    const res = await couch.medic.fetch({ keys: ids.slice(i, i + 500) });
    for (const row of res.rows as any[]) if (row.doc && !row.doc._deleted) out.set(row.id, row.doc);
  }
  return out;
}
