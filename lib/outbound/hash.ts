/**
 * The payload hash CHT stores in `completed_tasks` (spec 3.16 "De-duplication"). Hashes persist in
 * infodocs and decide whether a payload was already pushed, so this must match CHT byte for byte:
 *
 * - JSON round-trip first (drops undefined and functions, dates become strings);
 * - a plain object is written `{"k1":v1,"k2":v2}`: keys in default JS sort order, no whitespace, each key
 *   between quotes WITHOUT JSON escaping, values written the same way recursively;
 * - anything else (string, number, boolean, null, and arrays) is `JSON.stringify`d, so objects inside
 *   arrays keep their own key order;
 * - SHA-256 of that string (UTF-8), hex.
 */
import { createHash } from 'node:crypto';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown): string {
  if (isPlainObject(value)) {
    const parts = Object.keys(value)
      .sort()
      .map((key) => `"${key}":${write(value[key])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The canonical string the hash is taken of (exported so tests can pin it). */
export function canonicalPayload(payload: unknown): string {
  // payloads are always objects; `null` only guards a caller handing in undefined
  return write(JSON.parse(JSON.stringify(payload) ?? 'null'));
}

export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonicalPayload(payload), 'utf8').digest('hex');
}
