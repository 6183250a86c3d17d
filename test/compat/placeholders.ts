/**
 * Placeholders in expectation values and selectors:
 *   <<name>>          a value captured earlier (`capture: "name"`) in the same scenario
 *   <<doc:ID.path>>   a value read from the medic doc ID at check time (the ID ends at the first ".")
 * A string that is exactly one placeholder is replaced by the raw value (keeping its type); placeholders inside
 * a longer string are replaced by their text. `{{...}}` is literal mustache text, never a placeholder.
 */
import { getPath } from './path';
import type { DocReader } from './reader';

export type Captures = Map<string, unknown>;

const ONE = /^<<([A-Za-z_][\w.-]*|doc:[^<>]+)>>$/;
const ANY = /<<([A-Za-z_][\w.-]*|doc:[^<>]+)>>/g;

export class PlaceholderError extends Error {}

export function hasPlaceholders(value: unknown): boolean {
  if (typeof value === 'string') return new RegExp(ANY.source).test(value);
  if (Array.isArray(value)) return value.some(hasPlaceholders);
  if (value && typeof value === 'object') return Object.values(value).some(hasPlaceholders);
  return false;
}

async function lookup(name: string, captures: Captures, reader: DocReader): Promise<unknown> {
  if (name.startsWith('doc:')) {
    const ref = name.slice(4);
    const dot = ref.indexOf('.');
    const id = dot < 0 ? ref : ref.slice(0, dot);
    const path = dot < 0 ? '' : ref.slice(dot + 1);
    const { doc } = await reader.get('medic', id);
    if (!doc) throw new PlaceholderError(`placeholder <<${name}>>: doc ${id} not found`);
    const v = getPath(doc, path);
    if (v === undefined) throw new PlaceholderError(`placeholder <<${name}>>: ${path} is undefined on ${id}`);
    return v;
  }
  if (!captures.has(name)) throw new PlaceholderError(`placeholder <<${name}>> was never captured`);
  return captures.get(name);
}

/** A deep copy of `value` with every placeholder resolved; throws PlaceholderError for unknown names. */
export async function resolvePlaceholders(value: unknown, captures: Captures, reader: DocReader): Promise<unknown> {
  if (typeof value === 'string') {
    const whole = ONE.exec(value);
    if (whole) return lookup(whole[1], captures, reader);
    if (!hasPlaceholders(value)) return value;
    const names = [...value.matchAll(ANY)].map((m) => m[1]);
    const values = new Map<string, unknown>();
    for (const n of names) values.set(n, await lookup(n, captures, reader));
    return value.replace(ANY, (_m, n: string) => {
      const v = values.get(n);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const el of value) out.push(await resolvePlaceholders(el, captures, reader));
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolvePlaceholders(v, captures, reader);
    return out;
  }
  return value;
}
