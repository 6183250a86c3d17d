/** The registration a follow-up report links to (spec 3.4 step 5). */
import type { Doc } from '../types';
import { toMillis } from './dates';

/** The one with the greatest `reported_date`; the first one on ties (and among unreadable dates). */
export function newestRegistration(registrations: Doc[], zone = 'UTC'): Doc | undefined {
  let newest: Doc | undefined;
  let newestMs = -Infinity;
  for (const registration of registrations) {
    const ms = toMillis(registration.reported_date, zone);
    if (!newest || ms > newestMs) {
      newest = registration;
      newestMs = Number.isFinite(ms) ? ms : -Infinity;
    }
  }
  return newest;
}
