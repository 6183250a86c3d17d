/**
 * JSON-style deep equality and a readable diff for failure messages.
 * Object keys holding `undefined` count as missing (as after a round trip through CouchDB); key order is ignored,
 * array order is not.
 */

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function definedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((el, i) => deepEqual(el, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = definedKeys(a);
    const kb = definedKeys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => b[k] !== undefined && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Compact JSON for messages (undefined shown as `undefined`), truncated. */
export function show(v: unknown, max = 300): string {
  if (v === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/**
 * Where `actual` differs from `expected`: a list like `tasks[0].state: expected "pending", got "scheduled"`.
 * At most `limit` lines.
 */
export function diff(expected: unknown, actual: unknown, limit = 8): string[] {
  const out: string[] = [];
  const walk = (e: unknown, a: unknown, at: string): void => {
    if (out.length >= limit || deepEqual(e, a)) return;
    const label = at || '(root)';
    if (Array.isArray(e) && Array.isArray(a)) {
      if (e.length !== a.length) out.push(`${label}: expected length ${e.length}, got ${a.length}`);
      const n = Math.max(e.length, a.length);
      for (let i = 0; i < n && out.length < limit; i++) {
        if (i >= a.length) out.push(`${childPath(at, i)}: missing (expected ${show(e[i], 120)})`);
        else if (i >= e.length) out.push(`${childPath(at, i)}: unexpected ${show(a[i], 120)}`);
        else walk(e[i], a[i], childPath(at, i));
      }
      return;
    }
    if (isPlainObject(e) && isPlainObject(a)) {
      for (const k of definedKeys(e)) {
        if (out.length >= limit) return;
        if (a[k] === undefined) out.push(`${childPath(at, k)}: missing (expected ${show(e[k], 120)})`);
        else walk(e[k], a[k], childPath(at, k));
      }
      for (const k of definedKeys(a)) {
        if (out.length >= limit) return;
        if (e[k] === undefined) out.push(`${childPath(at, k)}: unexpected ${show(a[k], 120)}`);
      }
      return;
    }
    out.push(`${label}: expected ${show(e, 160)}, got ${show(a, 160)}`);
  };
  walk(expected, actual, '');
  return out;
}

/** `obj` without the given top-level keys (non-objects returned unchanged). */
export function omitKeys(obj: unknown, keys: string[]): unknown {
  if (!isPlainObject(obj)) return obj;
  const copy: Record<string, unknown> = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}
