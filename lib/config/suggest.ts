/** "did you mean" suggestions for misspelt names. */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small edit distance (case-insensitive), if any. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  const limit = v.length <= 3 ? 0 : Math.max(1, Math.min(3, Math.floor(v.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(v, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(value: unknown, candidates: readonly string[]): string {
  if (typeof value !== 'string') return '';
  const s = closest(value, candidates);
  return s !== undefined && s !== value ? ` (did you mean "${s}"?)` : '';
}
