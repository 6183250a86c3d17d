/**
 * The read-only lookups transitions may make (the `Lookups` contract of lib/types.ts), implemented with
 * bulk reads, the `_design/vigil` views and a small doc cache.
 *
 * The cache holds docs by id for a short time (LRU, bounded). The runner keeps it honest: it calls
 * `invalidate(ids)` for every doc it writes and for every doc id it reads from the changes feed, so a
 * cached doc is never older than the feed position being processed; `maxAgeMs` bounds what it cannot see.
 * Everything handed out is a copy: callers may mutate what they get.
 */
import type { Couch } from '../couch/client';
import { fetchDocs, queryView } from '../couch/bulk';
import { VIEWS } from '../couch/views';
import type { Doc, Lookups } from '../types';
import { hydrateDocs, type HydrationSource } from './hydrate';
import { KeyBatcher } from './key-batcher';
import { partitionOf } from '../feed/partition';

const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Docs of view rows (include_docs), deduplicated by id, deleted ones dropped, in row order. */
function uniqueDocs(rows: Array<{ doc?: Doc | null }>): Doc[] {
  const seen = new Set<string>();
  const out: Doc[] = [];
  for (const row of rows) {
    const doc = row.doc;
    if (!doc || doc._deleted || seen.has(doc._id)) continue;
    seen.add(doc._id);
    out.push(doc);
  }
  return out;
}

/** View rows (include_docs) by key: each key's docs in row order, each doc once, deleted ones dropped. */
function docsByKey(rows: Array<{ key?: unknown; doc?: Doc | null }>): Map<string, Doc[]> {
  const out = new Map<string, Doc[]>();
  for (const row of rows) {
    const doc = row.doc;
    if (!doc || doc._deleted) continue;
    const key = String(row.key);
    const list = out.get(key) ?? [];
    if (!list.some((d) => d._id === doc._id)) list.push(doc);
    out.set(key, list);
  }
  return out;
}

export interface DocCacheOptions {
  /** most docs kept (least recently used go first); default 5000 */
  max?: number;
  /** a cached doc older than this is fetched again; default 60 s; 0 = no age limit */
  maxAgeMs?: number;
  /** clock for the age limit (tests) */
  now?: () => number;
}

/**
 * A small LRU of docs keyed by id. Holds stored (minified) docs only, never hydrated ones, and ids found
 * missing (a doc transitions keep asking for that does not exist, such as the shortcode length doc, would
 * otherwise cost a request each time). Both kinds follow the same invalidation.
 */
export class DocCache {
  readonly max: number;
  readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { doc: Doc | null; at: number }>();
  /** bumped by invalidate/clear: a fetch started before a bump must not fill the cache */
  private epoch = 0;

  constructor(opts: DocCacheOptions = {}) {
    this.max = Math.max(1, opts.max ?? 5000);
    this.maxAgeMs = Math.max(0, opts.maxAgeMs ?? 60_000);
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get generation(): number {
    return this.epoch;
  }

  /** The cached doc (the cache's own object: do not mutate), refreshing its LRU position. */
  get(id: string): Doc | undefined {
    return this.entry(id)?.doc ?? undefined;
  }

  /** True when the last read of this id found no doc (and nothing invalidated that since). */
  isMissing(id: string): boolean {
    return this.entry(id)?.doc === null;
  }

  private entry(id: string): { doc: Doc | null; at: number } | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.maxAgeMs > 0 && this.now() - entry.at > this.maxAgeMs) {
      this.entries.delete(id);
      return undefined;
    }
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Stores a doc; with `generation`, only if nothing was invalidated since that generation. */
  set(doc: Doc, generation?: number): void {
    if (!doc || typeof doc._id !== 'string' || doc._deleted) return;
    this.store(doc._id, doc, generation);
  }

  /** Records that `id` has no doc; with `generation`, only if nothing was invalidated since. */
  setMissing(id: string, generation?: number): void {
    if (typeof id === 'string' && id !== '') this.store(id, null, generation);
  }

  private store(id: string, doc: Doc | null, generation?: number): void {
    if (generation !== undefined && generation !== this.epoch) return;
    this.entries.delete(id);
    this.entries.set(id, { doc, at: this.now() });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  invalidate(ids: Iterable<string>): void {
    this.epoch++;
    for (const id of ids) this.entries.delete(id);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}

/** What createLookups returns: the Lookups contract plus bulk hydration and cache control. */
export interface VigilLookups extends Lookups, HydrationSource {
  readonly cache: DocCache;
  /** forget these docs (the runner wrote them, or the feed says they changed) */
  invalidate(ids: Iterable<string>): void;
  /** hydrate many docs at once (lib/runner/hydrate.ts) */
  hydrateDocs(docs: Doc[]): Promise<Doc[]>;
}

export interface LookupsOptions {
  cache?: DocCache;
  /**
   * `--partition i/n`: shortcodes hashing to another partition count as taken here. Processes sharing a
   * database then hand out disjoint codes, so two of them never pick the same free one at the same time
   * (in-process reservations cannot see another process's picks until its report is saved).
   */
  partition?: { index: number; count: number };
}

export function createLookups(couch: Couch, opts: LookupsOptions = {}): VigilLookups {
  const cache = opts.cache ?? new DocCache();
  const db = couch.medic;

  /** ids → docs (cache objects, not copies), one bulk read for the misses */
  async function getDocsById(ids: string[]): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>();
    const misses: string[] = [];
    for (const id of new Set(ids)) {
      if (typeof id !== 'string' || id === '') continue;
      const hit = cache.get(id);
      if (hit) out.set(id, hit);
      else if (!cache.isMissing(id)) misses.push(id);
    }
    if (misses.length) {
      const generation = cache.generation;
      const fetched = await fetchDocs(db, misses);
      for (const [id, doc] of fetched) {
        cache.set(doc, generation);
        out.set(id, doc);
      }
      for (const id of misses) if (!fetched.has(id)) cache.setMissing(id, generation);
    }
    return out;
  }

  async function contactIdsByShortcode(codes: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes.filter((c) => typeof c === 'string' && c !== ''))];
    const out = new Map<string, string>();
    if (!unique.length) return out;
    const res = await queryView(db, VIEWS.contacts_by_reference, { keys: unique.map((c) => ['shortcode', c]) });
    for (const row of res.rows) {
      const code = Array.isArray(row.key) ? row.key[1] : undefined;
      if (typeof code === 'string' && row.id && !out.has(code)) out.set(code, row.id);
    }
    return out;
  }

  // Per-doc view lookups of concurrently running transitions, merged into `keys` queries (key-batcher.ts).
  const phones = new KeyBatcher<Doc[]>(async (keys) => docsByKey((await queryView(db, VIEWS.contacts_by_phone, { keys, include_docs: true })).rows));
  const references = new KeyBatcher<string[]>(async (keys) => {
    const res = await queryView(db, VIEWS.contacts_by_reference, { keys: keys.map((k) => JSON.parse(k)) });
    const out = new Map<string, string[]>();
    for (const row of res.rows) {
      if (!row.id) continue;
      const key = JSON.stringify(row.key);
      const ids = out.get(key) ?? [];
      if (!ids.includes(row.id)) ids.push(row.id);
      out.set(key, ids);
    }
    return out;
  });
  const subjects = new KeyBatcher<Doc[]>(async (keys) => docsByKey((await queryView(db, VIEWS.reports_by_subject, { keys, include_docs: true })).rows));
  const shortcodes = new KeyBatcher<true>(async (keys) => {
    const res = await queryView(db, VIEWS.docs_by_shortcode, { keys });
    return new Map(res.rows.map((r) => [String(r.key), true as const]));
  });

  const lookups: VigilLookups = {
    cache,
    getDocsById,
    contactIdsByShortcode,

    isCached(id) {
      return cache.has(id) || cache.isMissing(id);
    },

    invalidate(ids) {
      cache.invalidate(ids);
    },

    async getDocs(ids) {
      const found = await getDocsById(ids);
      return ids.map((id) => {
        const doc = found.get(id);
        return doc ? jsonCopy(doc) : undefined;
      });
    },

    async getDoc(id) {
      const [doc] = await lookups.getDocs([id]);
      return doc;
    },

    async contactsByPhone(phone) {
      if (phone === undefined || phone === null || phone === '') return [];
      const found = await phones.load([String(phone)]);
      // callers sharing a read share its docs: each gets its own copies
      return (found.get(String(phone)) ?? []).map(jsonCopy);
    },

    async contactIdsByReference(kind, key) {
      if (key === undefined || key === null || key === '') return [];
      const ref = JSON.stringify([kind, String(key)]);
      return [...((await references.load([ref])).get(ref) ?? [])];
    },

    async hydrateContact(idOrDoc) {
      const doc = typeof idOrDoc === 'string' ? await lookups.getDoc(idOrDoc) : idOrDoc;
      if (!doc) return undefined;
      const [hydrated] = await hydrateDocs([doc], lookups, { asContacts: true });
      return hydrated;
    },

    async reportsBySubject(subjectIds) {
      const keys = [...new Set(subjectIds.filter((id) => id !== undefined && id !== null && id !== '').map(String))];
      if (!keys.length) return [];
      const found = await subjects.load(keys);
      // as one `keys` query answers: key by key, each doc once; copies, as the docs are shared
      const seen = new Set<string>();
      const out: Doc[] = [];
      for (const key of keys) {
        for (const doc of found.get(key) ?? []) {
          if (seen.has(doc._id)) continue;
          seen.add(doc._id);
          out.push(jsonCopy(doc));
        }
      }
      return out;
    },

    async descendants(rootId) {
      const res = await queryView(db, VIEWS.contacts_by_depth, { key: [rootId], include_docs: true });
      return uniqueDocs(res.rows);
    },

    async shortcodesTaken(codes) {
      const partition = opts.partition && opts.partition.count > 1 ? opts.partition : undefined;
      const taken = new Set<string>();
      const keys: string[] = [];
      for (const code of new Set(codes.map(String))) {
        if (partition && partitionOf(code, partition.count) !== partition.index) taken.add(code); // another process's to hand out
        else keys.push(code);
      }
      if (keys.length) for (const code of (await shortcodes.load(keys)).keys()) taken.add(code);
      return taken;
    },

    async reportsByFormAndParent(form, parentId) {
      const res = await queryView(db, VIEWS.reports_by_form_and_parent, { key: [form, parentId], include_docs: true, reduce: false });
      return uniqueDocs(res.rows);
    },

    async reportIdsByTerms(terms) {
      let ids: Set<string> | undefined;
      for (const term of [...new Set(terms)]) {
        const res = await queryView(db, VIEWS.reports_by_freetext, { key: term });
        const found = new Set(res.rows.map((r) => r.id).filter((id): id is string => !!id));
        ids = ids ? new Set([...ids].filter((id) => found.has(id))) : found;
        if (!ids.size) break;
      }
      return [...(ids ?? [])];
    },

    hydrateDocs(docs) {
      return hydrateDocs(docs, lookups);
    },

    async reportsBetween(startMs, endMs) {
      if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs > endMs) return [];
      // one range read, newest first (CHT paged this with `skip`, which costs quadratic time)
      const res = await queryView(db, VIEWS.reports_by_date, { startkey: [endMs], endkey: [startMs], descending: true, include_docs: true });
      return uniqueDocs(res.rows);
    },

    async reportsForPeriod(form, year, period, parentId) {
      const view = period.kind === 'week' ? VIEWS.reports_by_form_year_week_parent_reported_date : VIEWS.reports_by_form_year_month_parent_reported_date;
      const prefix = [form, year, period.value, parentId];
      const res = await queryView(db, view, { startkey: prefix, endkey: [...prefix, {}], include_docs: true });
      return uniqueDocs(res.rows);
    },
  };
  return lookups;
}
