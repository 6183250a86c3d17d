/**
 * JSON paths for config problems: `$.registrations[0].events[1].trigger`, `$.forms['visit.date']`.
 */

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one segment: numbers as `[n]`, identifiers as `.key`, anything else as `['key']`. */
export function appendSegment(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (IDENTIFIER.test(segment)) return `${path}.${segment}`;
  return `${path}['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function toJsonPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => appendSegment(path, segment), '$');
}

/** Splits a JSON pointer (`/a/0/b~1c`) into unescaped segments (all strings). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Converts an ajv instancePath (a JSON pointer) into a JSON path. With `root` given, a numeric segment is
 * written as an index only where the data there is an array (so a form or outbound key such as "123"
 * stays a key); without it, every all-digit segment is taken as an index.
 */
export function pointerToPath(pointer: string, ...root: [unknown?]): string {
  return toJsonPath(pointerToSegments(pointer, ...root));
}

export function pointerToSegments(pointer: string, ...root: [unknown?]): PathSegment[] {
  const out: PathSegment[] = [];
  const known = root.length > 0;
  let node: unknown = root[0];
  for (const raw of pointerSegments(pointer)) {
    const isIndex = /^(0|[1-9][0-9]*)$/.test(raw);
    const inArray = known ? Array.isArray(node) : isIndex;
    const segment: PathSegment = inArray && isIndex ? Number(raw) : raw;
    out.push(segment);
    if (known) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[raw] : undefined;
    }
  }
  return out;
}

/** The top-level settings key a path is in (`registrations` for `$.registrations[0].form`). */
export function sectionOf(path: string): string | undefined {
  const m = /^\$(?:\.([A-Za-z_$][A-Za-z0-9_$]*)|\['((?:[^'\\]|\\.)*)'\])/.exec(path);
  if (!m) return undefined;
  return m[1] ?? m[2].replace(/\\(.)/g, '$1');
}

/** Splits a JSON path back into segments (inverse of toJsonPath). */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: PathSegment[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const start = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== start) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3].replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** True when `path` is `prefix` or inside it (`$.a[0]` is inside `$.a`, `$.ab` is not). */
export function isWithin(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const rest = path.slice(prefix.length);
  return rest === '' || rest.startsWith('.') || rest.startsWith('[');
}
