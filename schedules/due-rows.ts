/**
 * The docs holding due scheduled messages, page by page, from `messages_by_state` keys
 * `["scheduled", 0]`..`["scheduled", now]` (every due, however late: no 7-day lower bound).
 *
 * Paging: the next page starts at the last row's (key, doc id) and drops the rows of that same pair
 * (they belong to the doc just handled). No `skip` is used, so rows that vanish because the previous
 * page's docs were saved cannot make the scan miss anything. When one doc fills a whole page at one
 * key, the limit doubles until the scan gets past it (CHT does the same).
 */
import type { Db } from '../lib/couch/client';
import { queryView, type ViewRow } from '../lib/couch/bulk';
import { VIEWS } from '../lib/couch/views';

export const DEFAULT_PAGE_SIZE = 1000;

interface Cursor {
  key: unknown;
  id: string;
}

const sameKey = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Yields the ids of the docs of each page (each id once per page, in view order). */
export async function* dueDocIdPages(db: Db, nowMs: number, opts: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<string[]> {
  const pageSize = Math.max(1, opts.pageSize ?? DEFAULT_PAGE_SIZE);
  let cursor: Cursor | undefined;
  let limit = pageSize;
  while (!opts.signal?.aborted) {
    const res = await queryView(db, VIEWS.messages_by_state, {
      startkey: cursor ? cursor.key : ['scheduled', 0],
      ...(cursor ? { startkey_docid: cursor.id } : {}),
      endkey: ['scheduled', nowMs],
      limit,
    });
    const rows: ViewRow[] = res.rows.filter((r) => typeof r.id === 'string');
    const fresh = cursor ? rows.filter((r) => !(r.id === cursor!.id && sameKey(r.key, cursor!.key))) : rows;
    const full = res.rows.length >= limit;
    if (!fresh.length) {
      if (!full) return;
      limit *= 2; // one doc fills the page at this key
      continue;
    }
    yield [...new Set(fresh.map((r) => r.id as string))];
    if (!full) return;
    const last = rows[rows.length - 1];
    cursor = { key: last.key, id: last.id as string };
    limit = pageSize;
  }
}
