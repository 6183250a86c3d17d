/**
 * The scenario path language:
 *   ""                          the whole value
 *   a.b.c                       object keys
 *   tasks[0].messages[1]        array indexes
 *   ['odd.key']                 a quoted key
 *   scheduled_tasks[*].state    map: the rest of the path applies to every element (result is an array)
 *   list[?key=='v']             filter: the elements whose `key` (itself a path) equals the literal;
 *                               an index right after it indexes the filtered list, anything else maps
 * Filter literals: 'single' or "double" quoted strings, numbers, true, false, null. `!=` is accepted too.
 */

export type Segment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'map' }
  | { kind: 'filter'; path: Segment[]; negate: boolean; value: unknown };

const cache = new Map<string, Segment[]>();

export class PathError extends Error {}

/** Parses a path; throws PathError with the position of the problem. */
export function parsePath(path: string): Segment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const segments: Segment[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new PathError(`bad path ${JSON.stringify(path)} at ${i}: ${what}`);
  };
  const readKey = (): string => {
    const start = i;
    while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    if (i === start) fail('empty key');
    return path.slice(start, i);
  };
  const readQuoted = (): string => {
    const quote = path[i];
    let out = '';
    i++;
    while (i < path.length && path[i] !== quote) {
      if (path[i] === '\\' && i + 1 < path.length) i++;
      out += path[i++];
    }
    if (path[i] !== quote) fail('unterminated string');
    i++;
    return out;
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (segments.length === 0 || i + 1 >= path.length) fail('unexpected "."');
      i++;
      if (path[i] === '.' || path[i] === '[') fail('empty key');
      segments.push({ kind: 'key', key: readKey() });
    } else if (c === '[') {
      i++;
      if (path[i] === '*') {
        i++;
        segments.push({ kind: 'map' });
      } else if (path[i] === '?') {
        i++;
        const exprStart = i;
        while (i < path.length && !(path[i] === '=' && path[i + 1] === '=') && !(path[i] === '!' && path[i + 1] === '=')) i++;
        if (i >= path.length) fail('filter needs == or !=');
        const keyPath = path.slice(exprStart, i).trim();
        if (!keyPath) fail('filter needs a key');
        const negate = path[i] === '!';
        i += 2;
        while (path[i] === ' ') i++;
        let value: unknown;
        if (path[i] === "'" || path[i] === '"') {
          value = readQuoted();
        } else {
          const litStart = i;
          while (i < path.length && path[i] !== ']' && path[i] !== ' ') i++;
          const lit = path.slice(litStart, i);
          if (lit === 'true') value = true;
          else if (lit === 'false') value = false;
          else if (lit === 'null') value = null;
          else if (lit !== '' && !Number.isNaN(Number(lit))) value = Number(lit);
          else fail(`bad filter literal ${JSON.stringify(lit)}`);
        }
        while (path[i] === ' ') i++;
        segments.push({ kind: 'filter', path: parsePath(keyPath), negate, value });
      } else if (path[i] === "'" || path[i] === '"') {
        segments.push({ kind: 'key', key: readQuoted() });
      } else {
        const start = i;
        while (i < path.length && /[0-9]/.test(path[i])) i++;
        if (i === start) fail('expected an index, *, ?filter or a quoted key');
        segments.push({ kind: 'index', index: Number(path.slice(start, i)) });
      }
      if (path[i] !== ']') fail('expected "]"');
      i++;
    } else {
      if (segments.length > 0) fail('expected "." or "["');
      segments.push({ kind: 'key', key: readKey() });
    }
  }
  cache.set(path, segments);
  return segments;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality for filter literals (primitives compared with ===). */
function literalEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function evaluate(value: unknown, segments: Segment[], at: number): unknown {
  if (at >= segments.length) return value;
  const seg = segments[at];
  switch (seg.kind) {
    case 'key':
      if (isObject(value) && Object.prototype.hasOwnProperty.call(value, seg.key)) return evaluate(value[seg.key], segments, at + 1);
      return undefined;
    case 'index':
      if (Array.isArray(value) && seg.index < value.length) return evaluate(value[seg.index], segments, at + 1);
      return undefined;
    case 'map':
      if (!Array.isArray(value)) return undefined;
      return value.map((el) => evaluate(el, segments, at + 1));
    case 'filter': {
      if (!Array.isArray(value)) return undefined;
      const kept = value.filter((el) => literalEquals(evaluate(el, seg.path, 0), seg.value) !== seg.negate);
      const next = segments[at + 1];
      if (!next || next.kind === 'index' || next.kind === 'filter' || next.kind === 'map') return evaluate(kept, segments, at + 1);
      return kept.map((el) => evaluate(el, segments, at + 1));
    }
  }
}

/** The value at `path` inside `root`, or undefined when any step is missing. `""` is `root` itself. */
export function getPath(root: unknown, path: string): unknown {
  if (path === '' || path === undefined || path === null) return root;
  return evaluate(root, parsePath(path), 0);
}
