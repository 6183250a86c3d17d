/** Stable partitioning of doc ids across `--partition i/n` workers (FNV-1a, independent of process and platform). */
export function partitionOf(id: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}

export function parsePartition(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--partition must look like i/n (e.g. 0/3), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new Error(`--partition ${text}: need 0 <= i < n`);
  return { index, count };
}
