/**
 * Deterministic doc ids for docs a transition creates (design.md §1 fix 1): the same inputs always give
 * the same id, so a re-run or a replayed commit finds the doc already there instead of creating a second.
 * Formatted as an RFC 9562 version 8 ("custom") UUID over sha256 of the parts.
 */
import { createHash } from 'node:crypto';

export function deterministicUuid(...parts: Array<string | number>): string {
  const bytes = createHash('sha256').update(parts.map(String).join(':')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
