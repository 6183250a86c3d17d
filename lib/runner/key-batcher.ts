/**
 * Coalesces many small keyed reads into few bulk ones. Transitions run concurrently and each asks the
 * same views for one key (a sender's phone, a report's shortcode candidates); on a backlog that is one
 * view request per doc per lookup, and the server's per-request cost (an index catch-up, a round trip)
 * dominates. Here, keys asked for while a read is in flight wait and go out together with the next one,
 * as one request with `keys`.
 *
 * Freshness is what a direct call gives: every caller's keys are read by a request that starts after it
 * asked (keys are shared only with callers still waiting, never with a read already in flight).
 */
export type BulkRead<V> = (keys: string[]) => Promise<Map<string, V>>;

interface Pending<V> {
  keys: Set<string>;
  promise: Promise<Map<string, V>>;
  resolve(result: Map<string, V>): void;
  reject(err: unknown): void;
}

export class KeyBatcher<V> {
  private pending?: Pending<V>;
  private inFlight = 0;
  /** bulk reads made so far (tests and profiling) */
  reads = 0;

  /** `maxInFlight`: reads of this kind running at once; more callers wait and are merged */
  constructor(private readonly read: BulkRead<V>, private readonly maxInFlight = 1) {}

  /** The values of these keys (absent keys have no entry). */
  async load(keys: Iterable<string>): Promise<Map<string, V>> {
    const wanted = [...new Set(keys)];
    if (!wanted.length) return new Map();
    const pending = (this.pending ??= this.newPending());
    for (const key of wanted) pending.keys.add(key);
    // Callers that arrive in the same tick share the read; later ones join the next.
    if (this.inFlight < this.maxInFlight) queueMicrotask(() => this.flush());
    const all = await pending.promise;
    const out = new Map<string, V>();
    for (const key of wanted) if (all.has(key)) out.set(key, all.get(key) as V);
    return out;
  }

  private newPending(): Pending<V> {
    let resolve!: (r: Map<string, V>) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<Map<string, V>>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // rejections reach the callers through load()
    return { keys: new Set(), promise, resolve, reject };
  }

  private flush(): void {
    const batch = this.pending;
    if (!batch || this.inFlight >= this.maxInFlight) return;
    this.pending = undefined;
    this.inFlight++;
    this.reads++;
    this.read([...batch.keys])
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.inFlight--;
        this.flush();
      });
  }
}
