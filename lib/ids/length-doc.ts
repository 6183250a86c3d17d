/**
 * The `shortcode-id-length` doc (`{ _id, current_length }` in the medic db): how many characters new
 * shortcodes have. Absent until the length is first raised; then 5..13 (spec 3.6).
 *
 * Raising it is a side effect of generating an id, so the generator returns it as an `update` effect
 * (committed after the report, replayed after a crash) instead of writing it: transitions never touch the
 * database. The op only ever raises the value (max), so concurrent raisers and replays converge.
 */
import { allowCreate } from '../runner/effects';
import { registerUpdateOp } from '../runner/update-ops';
import type { Doc, Effect, Lookups } from '../types';

export const LENGTH_DOC_ID = 'shortcode-id-length';
export const DEFAULT_LENGTH = 5;
export const MIN_LENGTH = 5;
export const MAX_LENGTH = 13;
export const RAISE_LENGTH_OP = 'ids.raise_shortcode_length';

/** The stored length: 5 when the doc is missing; throws on a value outside 5..13 (CHT does not clamp). */
export function lengthOf(doc: Doc | undefined): number {
  if (!doc) return DEFAULT_LENGTH;
  const raw = doc.current_length;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < MIN_LENGTH || n > MAX_LENGTH) {
    throw new Error(`${LENGTH_DOC_ID}: current_length ${JSON.stringify(raw)} is not an integer between ${MIN_LENGTH} and ${MAX_LENGTH}`);
  }
  return n;
}

export async function readLength(lookups: Pick<Lookups, 'getDoc'>): Promise<number> {
  return lengthOf(await lookups.getDoc(LENGTH_DOC_ID));
}

export function raiseLength(doc: Doc, args: { length?: unknown }): Doc | null {
  const wanted = Number(args && args.length);
  if (!Number.isInteger(wanted)) return null;
  const current = Number(doc.current_length);
  if (Number.isFinite(current) && current >= wanted) return null; // already there (replay, or another raiser)
  return { ...doc, current_length: wanted };
}

registerUpdateOp(RAISE_LENGTH_OP, raiseLength);
allowCreate(RAISE_LENGTH_OP); // the doc does not exist until the first raise

export function raiseLengthEffect(length: number): Effect {
  return { kind: 'update', id: LENGTH_DOC_ID, op: RAISE_LENGTH_OP, args: { length } };
}
