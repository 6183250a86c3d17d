/** The clock update ops stamp state_history with: stopped at the time the runner applies the effect. */
import { DateTime } from 'luxon';
import type { Clock } from '../types';

export function fixedClock(nowIso: string): Clock {
  const ms = Date.parse(nowIso);
  return { nowMs: () => ms, now: () => DateTime.fromMillis(ms, { zone: 'UTC' }), zone: 'UTC' };
}
