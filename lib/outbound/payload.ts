/**
 * Builds a push payload from `mapping` (spec 3.16): each key is a destination path (dots make nested
 * objects), each value a source path (required), or `{ path | expr, optional }` with `expr` winning.
 * Sources are read from `{ doc }`, the hydrated doc. A required value that comes out `undefined` is a
 * mapping error; an optional one is left out; `null` is kept.
 */
import type { Doc, Expressions } from '../types';
import type { MappingSpec, OutboundConfig } from './config';
import { OutboundError } from './errors';

/** object-path's key rule: an all-digit segment that round-trips through parseInt is an index. */
function segmentKey(segment: string): string | number {
  const n = parseInt(segment, 10);
  return String(n) === segment ? n : segment;
}

const hasOwn = (obj: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(obj, key);

/** Reads a dotted path, following own properties only (object-path's default `get`). */
export function getPath(root: unknown, path: string): unknown {
  if (path === '') return root;
  let node: any = root;
  for (const raw of path.split('.')) {
    if (node === null || node === undefined) return undefined;
    const key = segmentKey(raw);
    const box = typeof node === 'object' || typeof node === 'function' ? node : Object(node);
    if (!(typeof key === 'number' && Array.isArray(node)) && !hasOwn(box, key)) return undefined;
    node = box[key];
  }
  return node;
}

// a destination key must never reach an object's prototype
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Writes a dotted path, creating objects (or arrays before an index segment) on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.').map(segmentKey);
  if (keys.some((k) => UNSAFE_KEYS.has(String(k)))) throw new OutboundError('mapping', `destination key '${path}' is not allowed`);
  let node: any = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function mapOne(name: string, dest: string, spec: MappingSpec, source: { doc: Doc }, expressions: Expressions): unknown {
  const where = `Mapping error for '${name}/${dest}' JSON`;
  const conf = typeof spec === 'string' ? { path: spec, optional: false } : spec;
  if (conf === null || typeof conf !== 'object' || (conf.expr === undefined && conf.path === undefined)) {
    throw new OutboundError('mapping', `${where}: neither 'path' nor 'expr' given`);
  }
  let value: unknown;
  if (conf.expr !== undefined) {
    try {
      value = expressions.evaluate(String(conf.expr), source);
    } catch (err) {
      throw new OutboundError('mapping', `${where}: error running expression '${conf.expr}': ${describe(err)}`);
    }
  } else {
    value = getPath(source, String(conf.path));
  }
  if (value === undefined && !conf.optional) {
    throw new OutboundError('mapping', `${where}: cannot find '${conf.expr ?? conf.path}' on source document`);
  }
  return value;
}

/** The payload for one config and one (hydrated) doc; throws OutboundError('mapping') when it cannot be built. */
export function buildPayload(name: string, config: OutboundConfig, doc: Doc, expressions: Expressions): Record<string, unknown> {
  const mapping = config.mapping;
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new OutboundError('mapping', `Mapping error for '${name}': the config has no mapping`);
  }
  const source = { doc };
  const payload: Record<string, unknown> = {};
  for (const [dest, spec] of Object.entries(mapping)) {
    const value = mapOne(name, dest, spec, source, expressions);
    if (value !== undefined) setPath(payload, dest, value);
  }
  return payload;
}
