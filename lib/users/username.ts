/**
 * Usernames for created users (spec 3.17): the contact's name normalised (NFD, lower-case, only
 * `[a-z0-9 ]`, runs of spaces -> `-`) + `-` + a numeric suffix of 4 digits, one digit longer for every 10
 * collisions, giving up after 100.
 *
 * vigil difference: CHT draws the suffix from Math.random(); vigil derives it from a seed (the contact and
 * the request), so a retried request (after a crash, a timeout, a lost answer) finds the user it already
 * created instead of creating a second one. The candidates still look like CHT's.
 */
import { createHash } from 'node:crypto';

export const COLLISIONS_PER_DIGIT = 10;
export const MAX_COLLISIONS = 100;
export const BASE_SUFFIX_LENGTH = 4;

export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9 ]/g, '') // also drops the accents NFD split off
    .replace(/\s+/g, '-');
}

export const suffixLength = (collisions: number): number => BASE_SUFFIX_LENGTH + Math.floor(collisions / COLLISIONS_PER_DIGIT);

/** The digits for the n-th candidate of a seed: decimal digits of sha256(seed:n), as many as needed. */
export function suffixFor(seed: string, collisions: number): string {
  const length = suffixLength(collisions);
  const digest = createHash('sha256').update(`${seed}:${collisions}`).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += String(digest[i % digest.length] % 10);
  return out;
}

export function usernameCandidate(name: string, seed: string, collisions: number): string {
  return `${normaliseName(name)}-${suffixFor(seed, collisions)}`;
}
