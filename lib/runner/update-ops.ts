/**
 * Named, pure updates of other docs. Transitions ask for them by name (an `update` effect), so the
 * effect is data: it can sit in the write-ahead intent and be replayed after a crash, and it is applied
 * to the fresh version of the doc on every 409 retry.
 */
import type { Doc } from '../types';

/** Returns the updated doc, or null when nothing needs to change. Must be idempotent. */
export type UpdateOp = (doc: Doc, args: any, nowIso: string) => Doc | null;

const ops = new Map<string, UpdateOp>();

export function registerUpdateOp(name: string, op: UpdateOp): void {
  if (ops.has(name) && ops.get(name) !== op) throw new Error(`update op "${name}" registered twice`);
  ops.set(name, op);
}

export function getUpdateOp(name: string): UpdateOp {
  const op = ops.get(name);
  if (!op) throw new Error(`unknown update op "${name}"`);
  return op;
}
