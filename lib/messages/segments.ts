/**
 * SMS length (spec 5.9): GSM-7 texts fit 160 characters in one SMS and 153 per part beyond that;
 * anything else is UCS-2 with 70 / 67. Texts over `multipart_sms_limit` parts are truncated.
 */
import gsm from 'gsm';
import type { Settings } from '../types';

export const DEFAULT_MULTIPART_LIMIT = 10;
export const TRUNCATION_SUFFIX = '...';

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** number of SMS parts */
  count: number;
  parts: string[];
}

export function segments(text: string): SegmentInfo {
  const info = gsm(text);
  return {
    encoding: info.char_set === 'Unicode' ? 'UCS-2' : 'GSM-7',
    count: info.sms_count,
    parts: info.parts,
  };
}

/** `settings.multipart_sms_limit` when truthy, else 10. */
export function multipartLimit(settings: Settings): number {
  return settings.multipart_sms_limit || DEFAULT_MULTIPART_LIMIT;
}

/**
 * The text as stored: unchanged when it fits the part limit; otherwise the first N parts joined,
 * minus their last 3 characters, plus `...`, with the full text in `original_message`.
 */
export function fitToLimit(text: string, settings: Settings): { message: string; original_message?: string } {
  const { count, parts } = segments(text);
  const max = multipartLimit(settings);
  if (count <= max) return { message: text };
  const kept = parts.slice(0, max).join('');
  return { message: kept.slice(0, -TRUNCATION_SUFFIX.length) + TRUNCATION_SUFFIX, original_message: text };
}
