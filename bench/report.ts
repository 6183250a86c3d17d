/** The bench's figures: rates, ratios against the targets of issue 6, and the printed report. */

export const TARGETS = {
  /** vigil (b) against the I/O floor (a) */
  bOverA: 0.5,
  /** vigil (b) against one change at a time with a checkpoint each (c) */
  bOverC: 20,
  /** peak RSS of the draining process at N = 100,000 */
  rssMbAt100k: 300,
  /** due_tasks releases against the floor's bulk-write rate */
  dueOverWrite: 0.5,
};

export const rate = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export interface Figures {
  n: number;
  server: string;
  cores: number;
  floor?: { read_changes: number; read_ms: number; read_per_s: number; write_docs: number; write_ms: number; write_per_s: number; write_kb_per_doc: number; per_s: number };
  vigil?: { changes: number; processed: number; dead_lettered: number; ms: number; per_s: number; peak_rss_mb: number; cpu_s: number; server_cpu_s?: number; view_build_s: number };
  sentinel_way?: { processed: number; ms: number; per_s: number; peak_rss_mb: number; cpu_s: number; server_cpu_s?: number; view_build_s: number };
  ratios?: { b_over_a?: number; b_over_c?: number };
  due?: { messages: number; docs: number; saved: number; conflicts: number; failed: number; ms: number; per_s: number; peak_rss_mb: number; cpu_s: number; server_cpu_s?: number; view_build_s: number; over_write?: number };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const serverCpu = (s: number | undefined) => (s === undefined ? '' : ` (server ${round(s)} s)`);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** Human-readable lines (the final JSON line is printed separately). */
export function formatFigures(f: Figures): string[] {
  const lines = [`vigil bench: N=${fmt(f.n)}, ${f.server}, ${f.cores} cores (figures move with whatever else runs on the machine)`];
  if (f.floor) {
    lines.push(
      `(a) I/O floor       ${fmt(f.floor.per_s)} docs/s   read ${fmt(f.floor.read_changes)} changes+docs at ${fmt(f.floor.read_per_s)}/s, bulk-wrote ${fmt(f.floor.write_docs)} docs (${round(f.floor.write_kb_per_doc)} KB each) at ${fmt(f.floor.write_per_s)}/s`,
    );
  }
  if (f.vigil) {
    lines.push(
      `(b) vigil defaults  ${fmt(f.vigil.per_s)} docs/s   ${fmt(f.vigil.changes)} backlog changes in ${round(f.vigil.ms / 1000)} s (${fmt(f.vigil.processed)} docs transitioned incl. the patients it created), peak RSS ${fmt(f.vigil.peak_rss_mb)} MB, CPU ${round(f.vigil.cpu_s)} s${serverCpu(f.vigil.server_cpu_s)}; views built beforehand in ${round(f.vigil.view_build_s)} s`,
    );
  }
  if (f.sentinel_way) {
    const c = f.sentinel_way;
    lines.push(
      `(c) concurrency 1, checkpoint per change  ${round(c.per_s)} docs/s   (${fmt(c.processed)} changes sampled over ${round(c.ms / 1000)} s, CPU ${round(c.cpu_s)} s${serverCpu(c.server_cpu_s)}; views built beforehand in ${round(c.view_build_s)} s)`,
    );
  }
  if (f.ratios?.b_over_a !== undefined) lines.push(`b/a = ${round(f.ratios.b_over_a, 2)}  (target >= ${TARGETS.bOverA}: ${verdict(f.ratios.b_over_a >= TARGETS.bOverA)})`);
  if (f.ratios?.b_over_c !== undefined) lines.push(`b/c = ${round(f.ratios.b_over_c, 1)}  (target >= ${TARGETS.bOverC}: ${verdict(f.ratios.b_over_c >= TARGETS.bOverC)})`);
  if (f.vigil) {
    const note = f.n >= 100_000 ? verdict(f.vigil.peak_rss_mb < TARGETS.rssMbAt100k) : `measured at N=${fmt(f.n)}; the target is for N=100,000`;
    lines.push(`peak RSS = ${fmt(f.vigil.peak_rss_mb)} MB  (target < ${TARGETS.rssMbAt100k} MB at N=100,000: ${note})`);
  }
  if (f.due) {
    lines.push(
      `due_tasks           ${fmt(f.due.per_s)} messages/s   released ${fmt(f.due.messages)} messages on ${fmt(f.due.saved)} docs in ${round(f.due.ms / 1000)} s (${f.due.conflicts} conflicts, ${f.due.failed} failed), peak RSS ${fmt(f.due.peak_rss_mb)} MB, CPU ${round(f.due.cpu_s)} s${serverCpu(f.due.server_cpu_s)}; views built beforehand in ${round(f.due.view_build_s)} s`,
    );
    if (f.due.over_write !== undefined) {
      lines.push(`due/write = ${round(f.due.over_write, 2)}  (target >= ${TARGETS.dueOverWrite}: ${verdict(f.due.over_write >= TARGETS.dueOverWrite)})`);
    }
  }
  return lines;
}
