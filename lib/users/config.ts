/**
 * Where CHT's API is: env `CHT_API_URL` (e.g. `https://admin:pass@cht.example.org`). vigil only reaches
 * CHT's users API through it; without it (standalone mode) create_user_for_contacts cannot run.
 *
 * The credentials are split off into an Authorization header (fetch refuses URLs carrying them) and
 * never appear in `display`, the only form of the URL that may be logged or reported.
 */
export const CHT_API_URL_ENV = 'CHT_API_URL';

export interface ChtApiTarget {
  /** origin and path prefix, no credentials, no trailing slash */
  base: string;
  /** `Basic …` when the URL carried credentials */
  authorization?: string;
  /** safe to log */
  display: string;
}

export type ChtApiSetting = { ok: true; target: ChtApiTarget } | { ok: false; reason: 'missing' | 'invalid' };

export function chtApiTarget(raw: string | undefined): ChtApiSetting {
  if (raw === undefined || raw.trim() === '') return { ok: false, reason: 'missing' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'invalid' };
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const base = url.href.replace(/\/+$/, '');
  const authorization = user || pass ? `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}` : undefined;
  return { ok: true, target: { base, authorization, display: base } };
}

export function chtApiFromEnv(env: NodeJS.ProcessEnv = process.env): ChtApiSetting {
  return chtApiTarget(env[CHT_API_URL_ENV]);
}
