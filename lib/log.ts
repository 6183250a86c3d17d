/**
 * Logging. One JSON object per line on stderr (stdout belongs to the CLI's own output), with a
 * timestamp, the level, the message and structured metadata such as `{ transition, doc_id, seq }`.
 *
 * Every line goes through `redact` first, so credentials never reach a log line:
 * - passwords in URLs anywhere in a string (`http://u:p@h` -> `http://u:***@h`);
 * - `key=value` / `"key": "value"` pairs naming a secret inside free text (query strings, error bodies);
 * - values of object keys named like a credential (password, pass, secret, token, authorization,
 *   api_key, value_key, cookie, ...), case-insensitively, at any depth.
 *
 * Environment: `LOG_LEVEL` (error|warn|info|http|verbose|debug|silly|silent, default info) and
 * `LOG_FORMAT=pretty` for human-readable lines instead of JSON.
 */
import winston, { format, type Logger } from 'winston';

/** winston's formatted-line key (triple-beam's MESSAGE; Symbol.for keeps us off a transitive import). */
const MESSAGE = Symbol.for('message');

export type { Logger } from 'winston';

export const MASK = '***';

export interface LoggerOptions {
  /** minimum level; default `process.env.LOG_LEVEL || 'info'`; `silent` turns logging off */
  level?: string;
  /** JSON lines (default) or pretty lines for humans; default: JSON unless `LOG_FORMAT=pretty` */
  json?: boolean;
  silent?: boolean;
  /** where lines go; default `process.stderr` (tests pass their own stream to capture the output) */
  stream?: NodeJS.WritableStream;
  /** metadata added to every line */
  defaultMeta?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

/** Words that make a key a credential, whatever its value. */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'authorization',
  'cookie',
  'cookies',
  'credential',
  'credentials',
  'apikey',
  'privatekey',
  'passkey',
]);
/** Adjacent word pairs that make a key a credential (`api_key`, `apiKey`, `x-api-key`, `value_key`, ...). */
const SECRET_PAIRS = new Set(['api key', 'value key', 'password key', 'private key', 'access key', 'secret key', 'client secret']);
/** Words that make a key a credential only when it holds a string (`auth: 'user:pass'`), not an object. */
const SECRET_WHEN_STRING = new Set(['auth']);

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** 'always': mask the value whatever it is; 'string': mask primitive values only; false: not secret. */
function secretKind(key: string): 'always' | 'string' | false {
  const words = keyWords(key);
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i])) return 'always';
    if (i + 1 < words.length && SECRET_PAIRS.has(`${words[i]} ${words[i + 1]}`)) return 'always';
  }
  return words.some((w) => SECRET_WHEN_STRING.has(w)) ? 'string' : false;
}

/** True when a key names a credential (case-insensitive; camelCase, snake_case and kebab-case alike). */
export function isSecretKey(key: string): boolean {
  return secretKind(key) !== false;
}

/** `scheme://user:password@` -> `scheme://user:***@` (the password may itself contain `@`). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#]*)@/gi;
/**
 * `password=x`, `api_key: x`, `"token":"x"`, `Authorization: Basic x`, `?access_token=x` in free text.
 * Group 1: the key and separator; then a quoted value, or an optional auth scheme and a bare value.
 */
const KV_IN_TEXT =
  /(["']?\b[\w.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|cookie)["']?\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|'[^']*'|(?:(basic|bearer|digest|token)\s+)?[^\s"',;&}]+)/gi;

/** Masks credentials inside a string (URL passwords, secret key/value pairs). */
export function redactString(text: string): string {
  if (text.length === 0) return text;
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`)
    .replace(KV_IN_TEXT, (match: string, prefix: string, scheme: string | undefined) => {
      const value = match.slice(prefix.length);
      if (value === MASK || value === `"${MASK}"` || value === `'${MASK}'`) return match;
      if (value.startsWith('"')) return `${prefix}"${MASK}"`;
      if (value.startsWith("'")) return `${prefix}'${MASK}'`;
      return scheme ? `${prefix}${scheme} ${MASK}` : `${prefix}${MASK}`;
    });
}

const MAX_DEPTH = 25;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function redactEntries(source: object, depth: number, seen: WeakSet<object>, into: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const kind = secretKind(key);
    if (kind === 'always' && value !== undefined && value !== null) into[key] = MASK;
    else if (kind === 'string' && value !== null && typeof value !== 'object' && value !== undefined) into[key] = MASK;
    else into[key] = redactValue(value, depth + 1, seen);
  }
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[Truncated]';
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Date) return value;
  if (value instanceof URL) return redactString(value.href);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
    if (value instanceof Error) {
      // message and stack are not enumerable: copy them explicitly so nested errors stay readable
      const out: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
      if (value.stack) out.stack = redactString(value.stack);
      redactEntries(value, depth, seen, out);
      const cause = (value as { cause?: unknown }).cause;
      if (cause !== undefined && !('cause' in out)) out.cause = redactValue(cause, depth + 1, seen);
      return out;
    }
    if (value instanceof Map) {
      const out: Record<string, unknown> = {};
      redactEntries(Object.fromEntries([...value].map(([k, v]) => [String(k), v])), depth, seen, out);
      return out;
    }
    if (value instanceof Set) return [...value].map((item) => redactValue(item, depth + 1, seen));
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (!isPlainObject(value) && typeof toJSON === 'function') {
      return redactValue(toJSON.call(value), depth + 1, seen);
    }
    const out: Record<string, unknown> = {};
    redactEntries(value, depth, seen, out);
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * A copy of `value` with credentials masked (see the module comment). Never mutates its input.
 * Errors become plain objects `{ name, message, stack, ...props }`; cycles become `'[Circular]'`.
 */
export function redact(value: string): string;
export function redact(value: unknown): unknown;
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet());
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

/**
 * Redacts a winston info object into a new one (the caller's object may be the info itself, so it is
 * never mutated) and puts `timestamp, level, message` first.
 */
const redactFormat = format((info) => {
  const out: Record<string | symbol, unknown> = {};
  const seen = new WeakSet<object>();
  seen.add(info);
  if (info.timestamp !== undefined) out.timestamp = info.timestamp;
  out.level = info.level;
  out.message = redactValue(info.message, 1, seen);
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(info)) {
    if (key !== 'timestamp' && key !== 'level' && key !== 'message') rest[key] = info[key];
  }
  redactEntries(rest, 0, seen, out as Record<string, unknown>);
  for (const sym of Object.getOwnPropertySymbols(info)) out[sym] = info[sym];
  return out as winston.Logform.TransformableInfo;
});

function prettyLine(info: winston.Logform.TransformableInfo): string {
  const { timestamp, level, message, stack, ...meta } = info as Record<string, unknown>;
  const metaKeys = Object.keys(meta);
  let line = `${String(timestamp ?? '')} ${String(level)} ${typeof message === 'string' ? message : JSON.stringify(message)}`;
  if (metaKeys.length) {
    line += ' ' + metaKeys.map((k) => `${k}=${typeof meta[k] === 'string' ? meta[k] : safeJson(meta[k])}`).join(' ');
  }
  if (typeof stack === 'string') line += `\n${stack}`;
  return line;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const LEVELS = winston.config.npm.levels;
const LEVEL_ALIASES: Record<string, string> = { warning: 'warn', err: 'error', trace: 'silly', fatal: 'error' };

/** Normalises a level name; unknown names give `undefined`. `silent` is kept as is. */
export function normalizeLevel(level: string | undefined): string | undefined {
  if (level === undefined) return undefined;
  const l = level.trim().toLowerCase();
  if (l === 'silent') return l;
  const name = LEVEL_ALIASES[l] ?? l;
  return Object.prototype.hasOwnProperty.call(LEVELS, name) ? name : undefined;
}

/** Creates a winston logger writing (redacted) JSON lines to stderr. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const requested = opts.level ?? process.env.LOG_LEVEL ?? 'info';
  const normalized = requested === '' ? 'info' : normalizeLevel(requested);
  const level = normalized === undefined || normalized === 'silent' ? 'info' : normalized;
  const json = opts.json ?? process.env.LOG_FORMAT?.trim().toLowerCase() !== 'pretty';
  const stream = opts.stream ?? process.stderr;
  const colors = !json && stream === process.stderr && process.stderr.isTTY === true;

  const logger = winston.createLogger({
    levels: LEVELS,
    level,
    silent: opts.silent ?? normalized === 'silent',
    defaultMeta: opts.defaultMeta,
    exitOnError: false,
    format: format.combine(
      format.errors({ stack: true }),
      format.splat(),
      format.timestamp(),
      redactFormat(),
      json
        ? format.json({ deterministic: false } as Parameters<typeof format.json>[0])
        : format.combine(
            ...(colors ? [format.colorize({ level: true })] : []),
            format((info) => {
              info[MESSAGE] = prettyLine(info);
              return info;
            })(),
          ),
    ),
    transports: [new winston.transports.Stream({ stream, eol: '\n' })],
  });
  if (normalized === undefined) {
    logger.warn('unknown log level, using info', { requested_level: requested, levels: Object.keys(LEVELS) });
  }
  return logger;
}

/** The process-wide logger (LOG_LEVEL / LOG_FORMAT read when this module is first loaded). */
export const logger: Logger = createLogger();
