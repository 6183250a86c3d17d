/**
 * The database side of choosing places (spec 8.2 step 2): places by type, page by page, from
 * `contacts_by_type`; which of them already have this occurrence's reminder; when each last sent the form
 * (`reports_by_form_and_parent`, `group=true`, the `_stats` max).
 *
 * Paging goes type by type with `startkey_docid` (not `skip`, which gets slower with every page on
 * CouchDB); the next page starts at the last id seen and drops it. Servers that ignore `startkey_docid`
 * (PouchDB) are paged with `skip`.
 */
import type { Db } from '../../lib/couch/client';
import { queryView } from '../../lib/couch/bulk';
import { VIEWS } from '../../lib/couch/views';

export const DEFAULT_PAGE_SIZE = 1000;

/** Yields the ids of the places of these types, at most `pageSize` per page. */
export async function* placeIdPages(db: Db, typeIds: string[], opts: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<string[]> {
  const pageSize = Math.max(1, opts.pageSize ?? DEFAULT_PAGE_SIZE);
  const ids = async (type: string, more: object): Promise<string[]> =>
    (await queryView(db, VIEWS.contacts_by_type, { startkey: [type], endkey: [type], ...more })).rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
  // PouchDB (the embedded server) ignores `startkey_docid`; once seen, pages go by position (`skip`)
  let positional = false;
  for (const type of [...new Set(typeIds)]) {
    let last: string | undefined;
    let consumed = 0;
    for (;;) {
      if (opts.signal?.aborted) return;
      let page: string[];
      if (last === undefined) page = await ids(type, { limit: pageSize });
      else {
        const after: string[] = positional ? [] : await ids(type, { startkey_docid: last, limit: pageSize + 1 });
        // the page starts at the last id seen, which is dropped; anything else means the server ignored the
        // doc id (or that place left the view meanwhile): fall back to the position
        if (!positional && after[0] === last) page = after.slice(1);
        else {
          positional = positional || after[0] !== last;
          page = await ids(type, { skip: consumed, limit: pageSize });
        }
      }
      if (page.length) yield page;
      consumed += page.length;
      if (page.length < pageSize) break;
      last = page[page.length - 1];
    }
  }
}

/** Which of these doc ids exist (not deleted) in `db`. */
export async function existingIds(db: Db, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (!ids.length) return out;
  const res = await db.fetchRevs({ keys: ids });
  for (const row of res.rows as any[]) {
    if (row && typeof row.id === 'string' && !row.error && row.value && !row.value.deleted) out.add(row.id);
  }
  return out;
}

/** The latest `reported_date` of `form` per place (by the submitter's parent), for places that sent it. */
export async function lastSubmissions(db: Db, form: string, placeIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!placeIds.length) return out;
  const res = await queryView<{ max?: number }>(db, VIEWS.reports_by_form_and_parent, { keys: placeIds.map((id) => [form, id]), group: true });
  for (const row of res.rows) {
    const max = row.value && typeof row.value === 'object' ? row.value.max : undefined;
    if (Array.isArray(row.key) && typeof max === 'number' && max > 0) out.set(String(row.key[1]), max);
  }
  return out;
}
