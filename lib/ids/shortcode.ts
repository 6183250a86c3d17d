/**
 * The shortcode generator (spec 3.6): `patient_id` / `place_id` / `case_id` values such as `12348`.
 *
 * - the length comes from the `shortcode-id-length` doc (5 when absent; outside 5..13 -> throw);
 * - 200 distinct random candidates of that length (random digits + check digit);
 * - the first candidate no doc uses (`docs_by_shortcode`, via `lookups.shortcodesTaken`) and this process
 *   has not handed out already wins;
 * - all 200 taken -> length + 1, returned as an effect raising the length doc, and try again.
 *
 * The candidates are checked in two rounds, the first 8 then the other 192: the answer is the same (the
 * first free one in generation order, and a raise only when all 200 are taken), but while the space is
 * mostly free one registration asks the view about 8 keys instead of 200. Each key is an index lookup in
 * CouchDB (and a separate iterator on the embedded server), which made shortcodes the largest cost of
 * draining a registration backlog.
 *
 * vigil differences: exactly `length - 1` random digits (CHT's can be fewer); exhaustion means every
 * candidate is taken (CHT counts view rows, which a key used by two docs inflates); ids are reserved
 * in-process so concurrently processed reports never share one.
 */
import type { Effect, Lookups } from '../types';
import { shortcodeCandidates, type RandomInt } from './candidates';
import { MAX_LENGTH, raiseLengthEffect, readLength } from './length-doc';
import { ShortcodeReservations } from './reservations';

export const CANDIDATES_PER_TRY = 200;
/** candidates asked about before the rest of the try */
export const FIRST_ROUND = 8;

export interface Shortcode {
  id: string;
  /** effects the caller must return with its result (raising the length doc), usually none */
  effects: Effect[];
}

export interface ShortcodeGeneratorOptions {
  random?: RandomInt;
  candidates?: number;
  reservations?: ShortcodeReservations;
}

export class ShortcodeGenerator {
  private readonly random?: RandomInt;
  private readonly candidates: number;
  readonly reservations: ShortcodeReservations;
  /**
   * The longest length this process raised to. The raise is committed only after the report, and the
   * lookups cache the length doc, so without it the next reports would exhaust the old length again.
   */
  private floor = 0;

  constructor(opts: ShortcodeGeneratorOptions = {}) {
    this.random = opts.random;
    this.candidates = opts.candidates ?? CANDIDATES_PER_TRY;
    this.reservations = opts.reservations ?? new ShortcodeReservations();
  }

  async next(lookups: Pick<Lookups, 'getDoc' | 'shortcodesTaken'>): Promise<Shortcode> {
    let length = Math.max(await readLength(lookups), this.floor);
    const effects: Effect[] = [];
    for (;;) {
      if (length > MAX_LENGTH) throw new Error(`no free shortcode: every length up to ${MAX_LENGTH} is exhausted`);
      const candidates = shortcodeCandidates(length, this.candidates, this.random).filter((c) => !this.reservations.has(c));
      for (const round of [candidates.slice(0, FIRST_ROUND), candidates.slice(FIRST_ROUND)]) {
        if (!round.length) continue;
        const taken = await lookups.shortcodesTaken(round);
        // re-check the reservations: another report may have taken one while we waited for the view
        const free = round.find((c) => !taken.has(c) && !this.reservations.has(c));
        if (free !== undefined) {
          this.reservations.add(free);
          return { id: free, effects };
        }
      }
      length += 1;
      this.floor = Math.max(this.floor, length);
      effects.push(raiseLengthEffect(length));
    }
  }
}

/** The generator transitions share (one per process, so the reservations cover every engine batch). */
export const shortcodes = new ShortcodeGenerator();

export function generateShortcode(lookups: Pick<Lookups, 'getDoc' | 'shortcodesTaken'>): Promise<Shortcode> {
  return shortcodes.next(lookups);
}
