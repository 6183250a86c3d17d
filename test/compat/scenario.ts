/**
 * The compatibility scenario format (see ../shared/compat/README.md) and the helpers that turn a scenario's
 * `input` + `input_repeat` into the concrete list of docs to write.
 */
import { readFileSync } from 'node:fs';

export type DbName = 'medic' | 'sentinel';

export interface Expectation {
  doc_id?: string;
  /** selects docs by equality on top-level keys (value list = any of, `$prefix`/`$suffix`/`$in`) */
  match?: Record<string, unknown>;
  db?: DbName;
  path: string;
  op: string;
  value?: unknown;
  /** store the value found at `path` under this name for later `<<name>>` placeholders */
  capture?: string;
  /** keys ignored by `equals_ignoring` (default `_rev`, `created`) */
  ignore?: string[];
  note?: string;
}

/** State of the fake outbound HTTP destination: routes by path, or a string such as "all connections refused". */
export type HttpMock = string | { base_url: string; routes?: Record<string, { status: number; body?: unknown }> };

export interface OutboundRequestExpectation {
  method: string;
  url: string;
  json_body?: unknown;
  response_status?: number;
}
export type OutboundExpect = OutboundRequestExpectation[] | { order: 'any'; requests: OutboundRequestExpectation[]; note?: string };

export interface Step {
  write?: string[];
  update?: string;
  set?: Record<string, unknown>;
  resave?: string[];
  delete?: string[];
  update_settings?: Record<string, unknown>;
  run_scheduler?: string;
  http_mock?: HttpMock;
  simulate?: string;
  order?: 'any';
  expect?: Expectation[];
  note?: string;
}

export interface InputRepeat {
  count: number;
  n_from?: number;
  /** python-style format with `{n}` / `{n:03d}` */
  id_format: string;
  template: Record<string, unknown>;
  write?: string;
}

export interface Scenario {
  id: string;
  area?: string;
  source?: string;
  title: string;
  settings: Record<string, any>;
  fixtures: Array<Record<string, any>>;
  input: Array<Record<string, any>>;
  input_mode?: 'sequential' | string;
  input_repeat?: InputRepeat;
  now?: string;
  translations?: Record<string, Record<string, string>>;
  steps?: Step[];
  expect: Expectation[];
  http_mock?: HttpMock;
  outbound_expect?: OutboundExpect;
  doc_only?: boolean;
  cht_only_infra?: string[];
  notes?: string;
}

/** The instant relative times in the scenarios were computed from (README §1). */
export const DEFAULT_NOW = '2025-03-05T10:00:00.000Z';

/** Formats an id like python's `str.format` with one variable `n`: `{n}`, `{n:03d}`, `{n:d}`, `{n:5}`. */
export function formatId(format: string, n: number): string {
  return format.replace(/\{n(?::(0?)(\d*)d?)?\}/g, (_all, zero: string | undefined, width: string | undefined) => {
    const digits = String(Math.abs(n));
    const sign = n < 0 ? '-' : '';
    const w = width ? Number(width) : 0;
    if (zero && w > 0) return sign + digits.padStart(w - sign.length, '0');
    return (sign + digits).padStart(w, ' ');
  });
}

/** The concrete input docs: `input` followed by the `input_repeat` copies (fresh deep copies each time). */
export function expandInputs(scenario: Pick<Scenario, 'input' | 'input_repeat'>): Array<Record<string, any>> {
  const docs = (scenario.input ?? []).map((doc) => structuredClone(doc));
  const repeat = scenario.input_repeat;
  if (repeat) {
    if (!Number.isInteger(repeat.count) || repeat.count < 0) throw new Error(`input_repeat.count must be a non-negative integer`);
    if (typeof repeat.id_format !== 'string') throw new Error('input_repeat.id_format must be a string');
    const from = repeat.n_from ?? 1;
    for (let i = 0; i < repeat.count; i++) {
      docs.push({ ...structuredClone(repeat.template ?? {}), _id: formatId(repeat.id_format, from + i) });
    }
  }
  const seen = new Set<string>();
  for (const doc of docs) {
    if (typeof doc._id !== 'string' || !doc._id) throw new Error(`an input doc has no _id: ${JSON.stringify(doc).slice(0, 120)}`);
    if (seen.has(doc._id)) throw new Error(`duplicate input _id ${doc._id}`);
    seen.add(doc._id);
  }
  return docs;
}

/** Every expectation of a scenario (steps first, then the top-level ones). */
export function allExpectations(scenario: Scenario): Expectation[] {
  return [...(scenario.steps ?? []).flatMap((s) => s.expect ?? []), ...(scenario.expect ?? [])];
}

/** Loads and minimally validates a scenarios file (a JSON array, or `{scenarios: [...]}`). */
export function loadScenarios(file: string): Scenario[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { scenarios?: unknown })?.scenarios;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array of scenarios`);
  const ids = new Set<string>();
  return list.map((entry, i) => {
    const s = entry as Partial<Scenario>;
    if (!s || typeof s.id !== 'string') throw new Error(`${file}: scenario #${i} has no id`);
    if (ids.has(s.id)) throw new Error(`${file}: duplicate scenario id ${s.id}`);
    ids.add(s.id);
    return {
      ...s,
      id: s.id,
      title: s.title ?? '',
      settings: s.settings ?? {},
      fixtures: s.fixtures ?? [],
      input: s.input ?? [],
      expect: s.expect ?? [],
    } as Scenario;
  });
}
