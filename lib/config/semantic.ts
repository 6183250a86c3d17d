/**
 * Checks a JSON schema cannot express: unknown transition names, trigger params that do not parse or name
 * a missing schedule, expressions that do not compile, duplicate names, outbound auth, and warnings about
 * settings CHT accepts but silently ignores.
 *
 * Every check tolerates malformed input (the schema reports the shape); it only looks at what it can read.
 */
import { ruleProblem } from '../validation';
import { checkSyntax, compileFunction } from '../expr';
import { TRANSITION_ORDER, type ConfigProblem, type Settings } from '../types';
import { sectionOf, toJsonPath, type PathSegment } from './paths';
import { FIELD_TYPES, OUTBOUND_AUTH_TYPES } from './schema';
import { didYouMean } from './suggest';

type Severity = 'error' | 'warning';

class Problems {
  readonly list: ConfigProblem[] = [];
  add(segments: PathSegment[], message: string, severity: Severity = 'error'): void {
    const path = toJsonPath(segments);
    this.list.push({ path, message, section: sectionOf(path), severity });
  }
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const entriesOf = (v: unknown): Array<[number, Record<string, any>]> =>
  Array.isArray(v) ? v.map((item, i) => [i, item] as [number, any]).filter(([, item]) => isObject(item)) : [];

/** Whether the transition is switched on in `settings.transitions` (spec 2.2). */
export function isEnabledIn(settings: Settings, name: string): boolean {
  const transitions = settings?.transitions;
  if (!isObject(transitions)) return false;
  const value = transitions[name];
  return Boolean(value) && !(isObject(value) && value.disable === true);
}

export function semanticProblems(settings: unknown): ConfigProblem[] {
  if (!isObject(settings)) return [];
  const problems = new Problems();
  checkTransitions(settings, problems);
  checkRegistrations(settings, problems);
  checkFollowUps(settings, problems);
  checkSchedules(settings, problems);
  checkAlerts(settings, problems);
  checkOutbound(settings, problems);
  checkMultiReportAlerts(settings, problems);
  checkContactTypes(settings, problems);
  checkForms(settings, problems);
  checkMisc(settings, problems);
  checkValidationRules(settings, problems);
  return problems.list;
}

/** Every `validations.list[].rule` must parse (CHT only finds out when a report arrives). */
function checkValidationRules(settings: Settings, problems: Problems): void {
  const check = (base: PathSegment[], config: unknown) => {
    if (!isObject(config) || !isObject(config.validations)) return;
    for (const [i, rule] of entriesOf(config.validations.list)) {
      const problem = ruleProblem(rule.rule);
      if (problem) problems.add([...base, 'validations', 'list', i, 'rule'], `rule does not parse: ${problem}`);
    }
  };
  for (const section of ['registrations', 'patient_reports', 'accept_case_reports']) {
    for (const [i, entry] of entriesOf(settings[section])) check([section, i], entry);
  }
  for (const section of ['muting', 'notifications']) check([section], settings[section]);
}

// ---------------------------------------------------------------------------------------------------------

function checkTransitions(settings: Settings, problems: Problems): void {
  const transitions = settings.transitions;
  if (!isObject(transitions)) return;
  const known: readonly string[] = TRANSITION_ORDER;
  for (const name of Object.keys(transitions)) {
    if (!known.includes(name)) {
      problems.add(['transitions', name], `unknown transition "${name}"${didYouMean(name, known)}; known: ${known.join(', ')}`);
    }
  }
}

function checkExpression(problems: Problems, segments: PathSegment[], source: unknown, severity: Severity = 'error'): void {
  if (typeof source !== 'string' || source.trim() === '') return;
  const err = checkSyntax(source);
  if (err) problems.add(segments, `does not compile: ${err.detail}`, severity);
}

function checkMessageExpressions(problems: Problems, base: PathSegment[], messages: unknown): void {
  for (const [k, message] of entriesOf(messages)) checkExpression(problems, [...base, 'messages', k, 'bool_expr'], message.bool_expr);
}

export type ParsedParams = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Trigger params as CHT reads them (spec 3.3): an object or array as-is; a string starting (after blanks)
 * with `[` or `{` is JSON; any other string is split on commas (items not trimmed); empty/absent is `{}`.
 */
export function parseTriggerParams(params: unknown): ParsedParams {
  if (params === undefined || params === null || params === '') return { ok: true, value: {} };
  if (typeof params === 'object') return { ok: true, value: params };
  if (typeof params !== 'string') return { ok: false, error: `must be a string, an object or an array` };
  const first = params.trimStart()[0];
  if (first === '[' || first === '{') {
    try {
      return { ok: true, value: JSON.parse(params) };
    } catch (err) {
      return { ok: false, error: `is not valid JSON: ${(err as Error).message}` };
    }
  }
  return { ok: true, value: params.split(',') };
}

function contactTypesOf(settings: Settings): Map<string, Record<string, any>> | undefined {
  if (!Array.isArray(settings.contact_types)) return undefined;
  const map = new Map<string, Record<string, any>>();
  for (const [, type] of entriesOf(settings.contact_types)) {
    if (typeof type.id === 'string' && !map.has(type.id)) map.set(type.id, type);
  }
  return map;
}

function checkRegistrations(settings: Settings, problems: Problems): void {
  const scheduleNames = new Set(entriesOf(settings.schedules).map(([, s]) => s.name).filter((n) => typeof n === 'string'));
  const contactTypes = contactTypesOf(settings);
  const seenForms = new Map<string, number>();

  for (const [i, reg] of entriesOf(settings.registrations)) {
    const base: PathSegment[] = ['registrations', i];
    if (typeof reg.form === 'string') {
      const key = reg.form.toLowerCase();
      const first = seenForms.get(key);
      if (first !== undefined) {
        problems.add([...base, 'form'], `form "${reg.form}" is also configured by $.registrations[${first}]; only the first entry is used`, 'warning');
      } else seenForms.set(key, i);
    }
    checkMessageExpressions(problems, base, reg.messages);
    if (reg.events === undefined && isEnabledIn(settings, 'registration')) {
      problems.add(
        [...base, 'events'],
        'is missing: the registration transition fails on reports of this form (use "events": [] when there is nothing to trigger)',
        'warning',
      );
    }

    for (const [j, event] of entriesOf(reg.events)) {
      const at = (...rest: PathSegment[]) => [...base, 'events', j, ...rest];
      if (typeof event.name === 'string' && event.name !== '' && event.name !== 'on_create') {
        problems.add(at('name'), `only "on_create" events run; this "${event.name}" event is ignored`, 'warning');
      }
      if (event.trigger === 'add_patient_id') {
        problems.add(at('trigger'), 'add_patient_id is a deprecated alias; use add_patient', 'warning');
      }
      checkExpression(problems, at('bool_expr'), event.bool_expr);

      const parsed = parseTriggerParams(event.params);
      if (!parsed.ok) {
        if (typeof event.params === 'string') problems.add(at('params'), parsed.error);
        continue;
      }
      const params = parsed.value;
      switch (event.trigger) {
        case 'assign_schedule':
        case 'clear_schedule':
          checkScheduleParams(problems, at('params'), event.trigger, event.params, params, scheduleNames, Array.isArray(settings.schedules));
          break;
        case 'add_place':
          checkAddPlace(problems, at('params'), params, contactTypes);
          break;
        case 'add_patient':
        case 'add_patient_id':
          checkAddPatient(problems, at('params'), params, contactTypes);
          break;
        default:
          break;
      }
    }
  }
}

function checkScheduleParams(
  problems: Problems,
  at: PathSegment[],
  trigger: string,
  raw: unknown,
  params: unknown,
  scheduleNames: Set<string>,
  haveSchedules: boolean,
): void {
  if (!Array.isArray(params) || params.length === 0) {
    problems.add(at, `${trigger} needs the schedule names, e.g. "ANC Reminders" or ["ANC Reminders", "PNC"]`);
    return;
  }
  for (const name of params) {
    if (typeof name !== 'string') {
      problems.add(at, `schedule names must be strings (got ${JSON.stringify(name)})`);
      continue;
    }
    if (typeof raw === 'string' && name !== name.trim()) {
      problems.add(at, `schedule name "${name}" has surrounding spaces (comma lists are not trimmed); write "${raw.split(',').map((s) => s.trim()).join(',')}"`, 'warning');
    }
    if (trigger === 'assign_schedule' && !scheduleNames.has(name)) {
      const known = [...scheduleNames];
      problems.add(
        at,
        haveSchedules
          ? `no schedule named "${name}"${didYouMean(name.trim(), known)} (nothing would be assigned)`
          : `no schedule named "${name}": settings have no schedules`,
        'warning',
      );
    }
  }
}

function checkAddPlace(problems: Problems, at: PathSegment[], params: unknown, contactTypes: Map<string, Record<string, any>> | undefined): void {
  const contactType = isObject(params) ? params.contact_type : undefined;
  if (typeof contactType !== 'string' || contactType === '') {
    problems.add(at, 'add_place needs params with a contact_type, e.g. {"contact_type": "clinic"}');
    return;
  }
  if (!contactTypes) {
    problems.add([...at, 'contact_type'], `contact type "${contactType}" cannot be checked: contact_types is not configured`);
    return;
  }
  const type = contactTypes.get(contactType);
  if (!type) {
    problems.add([...at, 'contact_type'], `unknown contact type "${contactType}"${didYouMean(contactType, [...contactTypes.keys()])}`);
  } else if (type.person === true) {
    problems.add([...at, 'contact_type'], `contact type "${contactType}" is a person type; add_place needs a place type`);
  }
}

function checkAddPatient(problems: Problems, at: PathSegment[], params: unknown, contactTypes: Map<string, Record<string, any>> | undefined): void {
  const obj = isObject(params) ? params : {};
  if (obj.patient_id_field === 'patient_id') {
    problems.add([...at, 'patient_id_field'], 'must not be "patient_id" (that is where the new id is written); name the form field holding the provided id');
  }
  const explicit = typeof obj.contact_type === 'string' && obj.contact_type !== '';
  const contactType: string = explicit ? obj.contact_type : 'person';
  const where = explicit ? [...at, 'contact_type'] : at;
  if (!contactTypes) {
    problems.add(where, `contact type "${contactType}" cannot be checked: contact_types is not configured`);
    return;
  }
  const type = contactTypes.get(contactType);
  if (!type) {
    problems.add(where, `unknown contact type "${contactType}"${didYouMean(contactType, [...contactTypes.keys()])}`);
  } else if (type.person !== true) {
    problems.add(where, `contact type "${contactType}" is not a person type; add_patient needs one (person: true)`);
  }
}

function checkFollowUps(settings: Settings, problems: Problems): void {
  for (const key of ['patient_reports', 'accept_case_reports']) {
    const seen = new Map<string, number>();
    for (const [i, entry] of entriesOf(settings[key])) {
      checkMessageExpressions(problems, [key, i], entry.messages);
      if (typeof entry.form === 'string') {
        const first = seen.get(entry.form);
        if (first !== undefined) {
          problems.add([key, i, 'form'], `form "${entry.form}" is also configured by $.${key}[${first}]; only the first entry is used`, 'warning');
        } else seen.set(entry.form, i);
      }
    }
  }
}

function checkSchedules(settings: Settings, problems: Problems): void {
  const seen = new Map<string, number>();
  for (const [i, schedule] of entriesOf(settings.schedules)) {
    if (typeof schedule.name !== 'string') continue;
    const first = seen.get(schedule.name);
    if (first !== undefined) {
      problems.add(['schedules', i, 'name'], `schedule "${schedule.name}" is also defined by $.schedules[${first}]; assign_schedule uses the last one`, 'warning');
    }
    seen.set(schedule.name, i);
  }
}

function checkAlerts(settings: Settings, problems: Problems): void {
  const alerts = settings.alerts;
  const items: Array<[PathSegment, unknown]> = Array.isArray(alerts)
    ? alerts.map((a, i) => [i, a])
    : isObject(alerts)
      ? Object.entries(alerts)
      : [];
  for (const [key, alert] of items) {
    if (isObject(alert)) checkExpression(problems, ['alerts', key, 'condition'], alert.condition);
  }
}

function checkOutbound(settings: Settings, problems: Problems): void {
  if (!isObject(settings.outbound)) return;
  for (const [name, config] of Object.entries(settings.outbound)) {
    if (!isObject(config)) continue;
    const base: PathSegment[] = ['outbound', name];
    checkExpression(problems, [...base, 'relevant_to'], config.relevant_to);
    if (isObject(config.mapping)) {
      for (const [dest, value] of Object.entries(config.mapping)) {
        if (isObject(value)) checkExpression(problems, [...base, 'mapping', dest, 'expr'], value.expr);
      }
    }
    const destination = config.destination;
    if (!isObject(destination)) continue;
    if (typeof destination.base_url === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(destination.base_url)) {
      problems.add([...base, 'destination', 'base_url'], 'must not carry credentials; use destination.auth with a password_key', 'warning');
    }
    const auth = destination.auth;
    if (!isObject(auth)) continue;
    const at = [...base, 'destination', 'auth'];
    for (const secret of ['password', 'value', 'token']) {
      if (auth[secret] !== undefined) {
        problems.add([...at, secret], `secrets do not belong in app_settings; store it as a credential and reference it with ${secret === 'password' ? 'password_key' : 'value_key'}`, 'warning');
      }
    }
    if (typeof auth.type !== 'string') continue;
    const type = auth.type.toLowerCase();
    const need = (keys: string[]) => {
      for (const key of keys) {
        if (typeof auth[key] !== 'string' || auth[key] === '') problems.add([...at, key], `is required for auth type "${auth.type}"`);
      }
    };
    if (type === 'basic') need(['username', 'password_key']);
    else if (type === 'muso-sih') need(['username', 'password_key', 'path']);
    else if (type === 'header') {
      need(['value_key']);
      if (typeof auth.name !== 'string' || auth.name.toLowerCase() !== 'authorization') {
        problems.add([...at, 'name'], `must be "Authorization" for auth type "header" (got ${auth.name === undefined ? 'nothing' : JSON.stringify(auth.name)})`);
      }
    } else {
      problems.add([...at, 'type'], `must be one of ${OUTBOUND_AUTH_TYPES.join(', ')} (got ${JSON.stringify(auth.type)})`);
    }
  }
}

function checkMultiReportAlerts(settings: Settings, problems: Problems): void {
  const names = new Map<string, number>();
  for (const [i, alert] of entriesOf(settings.multi_report_alerts)) {
    const base: PathSegment[] = ['multi_report_alerts', i];
    if (typeof alert.name === 'string' && alert.name !== '') {
      const first = names.get(alert.name);
      if (first !== undefined) problems.add([...base, 'name'], `alert name "${alert.name}" is already used by $.multi_report_alerts[${first}]; names must be unique`);
      else names.set(alert.name, i);
    }
    if (typeof alert.is_report_counted === 'string' && alert.is_report_counted.trim() !== '') {
      try {
        compileFunction(alert.is_report_counted);
      } catch (err) {
        const detail = (err as { detail?: string }).detail ?? (err as Error).message;
        problems.add([...base, 'is_report_counted'], `must be a function source such as "function(report, latestReport) { return true; }": ${detail}`);
      }
    }
    if (typeof alert.num_reports_threshold === 'string') {
      const n = parseInt(alert.num_reports_threshold, 10);
      if (n > 100) problems.add([...base, 'num_reports_threshold'], `must be <= 100 (got ${n})`);
    }
    if (Array.isArray(alert.recipients)) {
      alert.recipients.forEach((r: unknown, k: number) => {
        if (typeof r === 'string' && !/^\+[0-9]+$/.test(r)) checkExpression(problems, [...base, 'recipients', k], r);
      });
    }
    if (alert.forms !== undefined && !Array.isArray(alert.forms)) {
      problems.add([...base, 'forms'], 'is ignored: must be an array of form codes (all forms are counted)', 'warning');
    }
  }
}

function checkContactTypes(settings: Settings, problems: Problems): void {
  if (!Array.isArray(settings.contact_types)) return;
  const ids = new Map<string, number>();
  for (const [i, type] of entriesOf(settings.contact_types)) {
    if (typeof type.id !== 'string') continue;
    const first = ids.get(type.id);
    if (first !== undefined) problems.add(['contact_types', i, 'id'], `contact type "${type.id}" is already defined by $.contact_types[${first}]`, 'warning');
    else ids.set(type.id, i);
  }
  for (const [i, type] of entriesOf(settings.contact_types)) {
    if (!Array.isArray(type.parents)) continue;
    type.parents.forEach((parent: unknown, k: number) => {
      if (typeof parent === 'string' && !ids.has(parent)) {
        problems.add(['contact_types', i, 'parents', k], `unknown contact type "${parent}"${didYouMean(parent, [...ids.keys()])}`, 'warning');
      }
    });
  }
}

function checkForms(settings: Settings, problems: Problems): void {
  if (!isObject(settings.forms)) return;
  const known: readonly string[] = FIELD_TYPES;
  for (const [code, form] of Object.entries(settings.forms)) {
    if (!isObject(form) || !isObject(form.fields)) continue;
    for (const [field, def] of Object.entries(form.fields)) {
      if (isObject(def) && typeof def.type === 'string' && !known.includes(def.type)) {
        problems.add(
          ['forms', code, 'fields', field, 'type'],
          `unknown field type "${def.type}"${didYouMean(def.type, known)}; the raw value is kept (known: ${known.join(', ')})`,
          'warning',
        );
      }
    }
  }
}

function checkMisc(settings: Settings, problems: Problems): void {
  const sms = settings.sms;
  if (isObject(sms) && (typeof sms.duplicate_limit === 'number' || typeof sms.duplicate_limit === 'string')) {
    const n = parseInt(String(sms.duplicate_limit), 10);
    if (n > 20) problems.add(['sms', 'duplicate_limit'], `is capped at 20 (got ${n})`, 'warning');
    else if (n === 0) problems.add(['sms', 'duplicate_limit'], 'rounds down to 0, which makes every message a duplicate', 'warning');
  }

  const { schedule_morning_hours: mh, schedule_morning_minutes: mm, schedule_evening_hours: eh, schedule_evening_minutes: em } = settings;
  const int = (v: unknown, d: number) => (v === undefined ? d : Number.isInteger(v) ? (v as number) : undefined);
  const morning = [int(mh, 0), int(mm, 0)];
  const evening = [int(eh, 23), int(em, 0)];
  if (![...morning, ...evening].includes(undefined)) {
    const m = morning[0]! * 60 + morning[1]!;
    const e = (evening[0] || 23) * 60 + evening[1]!;
    if (m > e) {
      problems.add(['schedule_morning_hours'], `the send window ${fmt(morning)}-${fmt(evening)} never opens (morning is after evening): no scheduled message would be sent`, 'warning');
    }
  }

  if (isEnabledIn(settings, 'default_responses')) {
    const dr = settings.default_responses;
    if (!isObject(dr) || typeof dr.start_date !== 'string' || dr.start_date === '') {
      problems.add(
        isObject(dr) ? ['default_responses', 'start_date'] : ['default_responses'],
        'default_responses is enabled but has no start_date, so it never replies',
        'warning',
      );
    }
  }

  if (settings.synthetic_date !== undefined && settings.synthetic_date !== null && settings.synthetic_date !== '') {
    problems.add(['synthetic_date'], `is set: the engine's clock is frozen at ${String(settings.synthetic_date)} (for testing only)`, 'warning');
  }
}

function fmt([h, m]: Array<number | undefined>): string {
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
