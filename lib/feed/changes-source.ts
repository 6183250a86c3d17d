/**
 * Reads the medic `_changes` feed in batches over plain HTTP (fetch), so a long poll can be aborted on
 * shutdown (nano cannot abort, and the embedded server ignores `timeout` on longpoll).
 * Seqs are opaque: they are passed back verbatim and never parsed or compared.
 */
export interface Change {
  id: string;
  seq: string;
  changes: Array<{ rev: string }>;
  deleted?: boolean;
}

export interface ChangesBatch {
  results: Change[];
  last_seq: string;
  /** changes left after this batch, when the server says (CouchDB does) */
  pending?: number;
}

export class CouchHttpError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what} failed with HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

/** Builds fetch()-ready URL and headers: fetch refuses credentials inside the URL. */
export function authorise(serverUrl: string): { base: string; headers: Record<string, string> } {
  const url = new URL(serverUrl);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.username || url.password) {
    const token = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
    headers.authorization = `Basic ${token}`;
    url.username = '';
    url.password = '';
  }
  return { base: url.toString().replace(/\/$/, ''), headers };
}

export class ChangesSource {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(serverUrl: string, private readonly dbName: string) {
    ({ base: this.base, headers: this.headers } = authorise(serverUrl));
  }

  /**
   * One batch from `since`. With `longpoll`, waits for at least one change (CouchDB honours `timeout`
   * and then answers with no results; the embedded server waits until something changes).
   */
  async fetch(since: string, limit: number, opts: { longpoll?: boolean; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ChangesBatch> {
    const qs = new URLSearchParams({ since, limit: String(limit), seq_interval: String(limit) });
    if (opts.longpoll) {
      qs.set('feed', 'longpoll');
      qs.set('timeout', String(opts.timeoutMs ?? 30000));
    }
    const res = await fetch(`${this.base}/${encodeURIComponent(this.dbName)}/_changes?${qs}`, {
      headers: this.headers,
      signal: opts.signal,
    });
    const body = await res.text();
    if (!res.ok) throw new CouchHttpError(res.status, body, `GET /${this.dbName}/_changes`);
    const parsed = JSON.parse(body) as { results: Array<Change & { seq: unknown }>; last_seq: unknown; pending?: number };
    return {
      // The embedded server's seqs are numbers; CouchDB's are strings. Keep them as opaque strings.
      results: parsed.results.map((r) => ({ ...r, seq: String(r.seq) })),
      last_seq: String(parsed.last_seq),
      pending: typeof parsed.pending === 'number' ? parsed.pending : undefined,
    };
  }

  /** The database's current update_seq (opaque). */
  async updateSeq(): Promise<string> {
    const res = await fetch(`${this.base}/${encodeURIComponent(this.dbName)}`, { headers: this.headers });
    const body = await res.text();
    if (!res.ok) throw new CouchHttpError(res.status, body, `GET /${this.dbName}`);
    return String((JSON.parse(body) as { update_seq: unknown }).update_seq);
  }
}
