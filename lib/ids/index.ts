/** Ids Sentinel hands out: shortcodes with a check digit, and deterministic ids for docs it creates. */
export { checkDigit, withCheckDigit, isValidShortcode } from './check-digit';
export { shortcodeCandidates, randomDigits } from './candidates';
export type { RandomInt } from './candidates';
export {
  LENGTH_DOC_ID,
  DEFAULT_LENGTH,
  MIN_LENGTH,
  MAX_LENGTH,
  RAISE_LENGTH_OP,
  lengthOf,
  readLength,
  raiseLength,
  raiseLengthEffect,
} from './length-doc';
export { ShortcodeReservations } from './reservations';
export { ShortcodeGenerator, shortcodes, generateShortcode, CANDIDATES_PER_TRY } from './shortcode';
export type { Shortcode, ShortcodeGeneratorOptions } from './shortcode';
export { deterministicUuid } from './deterministic-id';
