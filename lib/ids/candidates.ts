/**
 * Random shortcode candidates. CHT takes digits from `Math.random()`'s decimal string, which can be
 * shorter than asked for (vigil fix: always exactly `length - 1` random digits, from crypto).
 */
import { randomInt } from 'node:crypto';
import { withCheckDigit } from './check-digit';

/** A source of random integers in [0, max): injectable so tests can pin the candidates. */
export type RandomInt = (max: number) => number;

const cryptoInt: RandomInt = (max) => randomInt(max);

export function randomDigits(count: number, random: RandomInt = cryptoInt): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random(10));
  return out;
}

/**
 * Up to `count` distinct shortcodes of `length` characters (random digits + check digit), in generation
 * order. Stops early when the space is smaller than `count` would need (tiny lengths, tests).
 */
export function shortcodeCandidates(length: number, count: number, random: RandomInt = cryptoInt): string[] {
  const space = 10 ** (length - 1);
  const wanted = Math.min(count, space);
  const out = new Set<string>();
  // bounded: duplicates get rare quickly, the cap only guards against a broken random source
  for (let tries = 0; out.size < wanted && tries < wanted * 50; tries++) out.add(withCheckDigit(randomDigits(length - 1, random)));
  return [...out];
}
