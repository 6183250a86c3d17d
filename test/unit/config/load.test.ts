import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SETTINGS_DEFAULTS,
  SettingsLoadError,
  applyDefaults,
  loadSettingsFile,
  locateJsonError,
  parseSettingsJson,
  settingsFromDoc,
} from '../../../lib/config/load';

describe('applyDefaults', () => {
  it('fills in the CHT defaults where keys are absent', () => {
    expect(applyDefaults({ locale: 'fr' })).toEqual({
      locale: 'fr',
      schedule_morning_hours: 0,
      schedule_morning_minutes: 0,
      schedule_evening_hours: 23,
      schedule_evening_minutes: 0,
      synthetic_date: null,
      transitions: {},
      loglevel: 'info',
    });
  });

  it('never overrides a present value (falsy ones included) and does not mutate its input', () => {
    const input = { schedule_evening_hours: 0, synthetic_date: '20240101', transitions: { registration: true }, loglevel: '' };
    const out = applyDefaults(input);
    expect(out.schedule_evening_hours).toBe(0);
    expect(out.synthetic_date).toBe('20240101');
    expect(out.transitions).toBe(input.transitions);
    expect(out.loglevel).toBe('');
    expect(input).toEqual({ schedule_evening_hours: 0, synthetic_date: '20240101', transitions: { registration: true }, loglevel: '' });
  });

  it('gives each result its own transitions object', () => {
    const a = applyDefaults({});
    a.transitions.registration = true;
    expect(applyDefaults({}).transitions).toEqual({});
    expect(SETTINGS_DEFAULTS.transitions).toEqual({});
  });
});

describe('settingsFromDoc', () => {
  it('returns the settings property of the settings doc', () => {
    const settings = { locale: 'en' };
    expect(settingsFromDoc({ _id: 'settings', _rev: '3-a', settings })).toBe(settings);
  });

  it('throws when there is no settings object', () => {
    expect(() => settingsFromDoc({ _id: 'settings' })).toThrow(SettingsLoadError);
    expect(() => settingsFromDoc(null)).toThrow(/not an object/);
  });
});

describe('loadSettingsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-config-'));
  });

  it('reads a JSON app_settings file', async () => {
    const file = join(dir, 'app_settings.json');
    await writeFile(file, '\ufeff{ "locale": "sw", "transitions": { "registration": true } }');
    await expect(loadSettingsFile(file)).resolves.toEqual({ locale: 'sw', transitions: { registration: true } });
  });

  it('accepts a whole settings doc', async () => {
    const file = join(dir, 'settings-doc.json');
    await writeFile(file, JSON.stringify({ _id: 'settings', settings: { locale: 'fr' } }));
    await expect(loadSettingsFile(file)).resolves.toEqual({ locale: 'fr' });
  });

  it('reports a parse error with line and column', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{\n  "locale": "en",\n  "transitions": { "registration": true, }\n}\n');
    const err = await loadSettingsFile(file).catch((e) => e);
    expect(err).toBeInstanceOf(SettingsLoadError);
    expect(err.line).toBe(3);
    expect(err.column).toBe(42);
    expect(err.message).toBe(`${file}:3:42: invalid JSON: trailing comma before "}"`);
  });

  it('reports a missing file', async () => {
    await expect(loadSettingsFile(join(dir, 'nope.json'))).rejects.toThrow(/cannot read/);
  });

  it('rejects JSON that is not an object', () => {
    expect(() => parseSettingsJson('[1, 2]', 'x.json')).toThrow('x.json: must contain a JSON object');
  });
});

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1 "b": 2}', 8, 'expected "," or "}" after a property value, found "\\""'],
    ["{'a': 1}", 1, 'expected a property name in double quotes, found "\'"'],
    ['{"a": [1, 2,]}', 12, 'trailing comma before "]"'],
    ['{"a": tru}', 6, 'unexpected "t"'],
    ['{"a": "x\ny"}', 8, 'unterminated string (line break inside a string)'],
    ['{"a": 1} x', 9, 'unexpected "x" after the end of the JSON value'],
    ['{"a": 1', 7, 'expected "," or "}" after a property value, found end of input'],
    ['// c\n{}', 0, 'comments are not allowed in JSON'],
  ])('%j fails at offset %i', (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual({ offset, message });
  });

  it('accepts valid JSON', () => {
    expect(locateJsonError('{"a": [1, -2.5e3, true, null, "\\u00e9\\n"], "b": {}}')).toBeUndefined();
  });
});
