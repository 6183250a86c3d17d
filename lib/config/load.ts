/**
 * Loading settings: from a JSON file (standalone runs, `vigil check <file>`) or from the medic `settings`
 * doc (sidecar), and CHT's defaults (spec 0.4).
 */
import { readFile } from 'node:fs/promises';
import type { Settings } from '../types';

export class SettingsLoadError extends Error {
  override readonly name = 'SettingsLoadError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** CHT's defaults, merged under the settings only where a key is absent (spec 0.4). */
export const SETTINGS_DEFAULTS: Readonly<Settings> = Object.freeze({
  schedule_morning_hours: 0,
  schedule_morning_minutes: 0,
  schedule_evening_hours: 23,
  schedule_evening_minutes: 0,
  synthetic_date: null,
  transitions: Object.freeze({}),
  loglevel: 'info',
});

/** A copy of `settings` with the 0.4 defaults filled in where a key is absent (undefined). */
export function applyDefaults(settings: Settings): Settings {
  const out: Settings = { ...settings };
  for (const [key, value] of Object.entries(SETTINGS_DEFAULTS)) {
    if (out[key] === undefined) out[key] = key === 'transitions' ? {} : value;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The `settings` property of the medic `settings` doc. */
export function settingsFromDoc(doc: unknown): Settings {
  if (!isObject(doc)) throw new SettingsLoadError('the settings doc is not an object');
  if (!isObject(doc.settings)) {
    throw new SettingsLoadError(`the settings doc${typeof doc._id === 'string' ? ` "${doc._id}"` : ''} has no "settings" object`);
  }
  return doc.settings;
}

/**
 * Reads app_settings from a JSON file. The file may hold the settings object itself or a whole settings doc
 * (`{ "_id": "settings", "settings": { … } }`). Invalid JSON gives a SettingsLoadError with line and column.
 */
export async function loadSettingsFile(path: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SettingsLoadError(`${path}: cannot read: ${(err as Error).message}`, path);
  }
  return parseSettingsJson(text, path);
}

export function parseSettingsJson(text: string, file = '<settings>'): Settings {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (err) {
    const located = locateJsonError(source);
    if (located) {
      const { line, column } = lineAndColumn(source, located.offset);
      throw new SettingsLoadError(`${file}:${line}:${column}: invalid JSON: ${located.message}`, file, line, column);
    }
    throw new SettingsLoadError(`${file}: invalid JSON: ${(err as Error).message}`, file);
  }
  if (!isObject(parsed)) throw new SettingsLoadError(`${file}: must contain a JSON object (app_settings or the settings doc)`, file);
  if (parsed._id === 'settings' && isObject(parsed.settings)) return settingsFromDoc(parsed);
  return parsed;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Finds the first syntax error of a JSON text (V8's messages carry no position on some Node versions).
 * Returns undefined when the text is valid JSON.
 */
export function locateJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const n = text.length;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntax(message, at);
  };
  const what = (at: number) => (at >= n ? 'end of input' : `${JSON.stringify(text[at])}`);
  const skip = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`invalid escape ${JSON.stringify('\\' + (e ?? ''))} in string`);
        i += 2;
        continue;
      }
      if (c < ' ') fail(c === '\n' ? 'unterminated string (line break inside a string)' : 'control character inside a string');
      i++;
    }
    fail('unterminated string', start);
  };
  const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') {
          fail(text[i] === '}' ? 'trailing comma before "}"' : `expected a property name in double quotes, found ${what(i)}`);
        }
        string();
        skip();
        if (text[i] !== ':') fail(`expected ":" after the property name, found ${what(i)}`);
        i++;
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}" after a property value, found ${what(i)}`);
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (text[i] === ']') fail('trailing comma before "]"');
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]" after an array item, found ${what(i)}`);
      }
    }
    if (c === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if ((c === '-' || (c >= '0' && c <= '9')) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) fail('comments are not allowed in JSON');
    if (c === "'") fail('strings must use double quotes');
    fail(i >= n ? 'unexpected end of input' : `unexpected ${what(i)}`);
  };
  try {
    value();
    skip();
    if (i < n) fail(`unexpected ${what(i)} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntax) return { offset: err.offset, message: err.message };
    throw err;
  }
}
