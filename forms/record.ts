/**
 * The data_record CHT API creates for an incoming SMS (spec 7.4), built without a database: the
 * gateways store it and the engine transitions it like any other report.
 */
import type { Clock, Doc, Settings, Translations } from '../lib/types';
import { parseDateText } from '../lib/messages';
import { resolveZone } from '../lib/time/clock';
import { uuidv7 } from '../lib/util/uuid';
import type { FormDef } from './definition';
import { withDefaultTranslations } from './error-text';
import { resolveForm } from './form-code';
import { parseFormData, type ParsedForm, type SmsFormat } from './parse';
import { normalizePhone } from './phone';
import { smsErrors, translateErrors } from './validate';

export interface IncomingSms {
  message: string;
  from: string;
  /** the gateway's send time: epoch ms (number, or text of 13+ digits) or a date text */
  sent_timestamp?: string | number;
  gateway_ref?: string;
  /** the gateway's locale for this message */
  locale?: string;
  /** the record's `_id` (default: a new uuid v7) */
  id?: string;
}

export interface SmsReading {
  record: Doc;
  format: SmsFormat;
  warnings: string[];
}

const LONG_NUMBER = /\d{13,}/;

/**
 * `sent_timestamp` as epoch ms: numbers as-is; text containing 13+ digits through `Number()`; other
 * text parsed like moment does (zone-less text in `zone`). NaN/undefined when unusable.
 */
export function parseSentTimestamp(ts: unknown, zone: string): number | undefined {
  if (typeof ts === 'number') return ts;
  if (typeof ts !== 'string') return undefined;
  if (LONG_NUMBER.test(ts)) return Number(ts);
  const dt = parseDateText(ts, zone);
  return dt ? dt.toMillis() : NaN;
}

/** The record's locale: `locale`, a `locale` field, the message's locale, `settings.locale`, `en`. */
export function recordLocale(record: Doc, settings: Settings): string {
  return record.locale || record.fields?.locale || record.sms_message?.locale || settings.locale || 'en';
}

/**
 * Copies field `path` from the parsed data into `fields` the way CHT merges: a dotted key is only
 * followed while the parsed data has a truthy object on the way.
 */
function mergeField(fields: Record<string, unknown>, path: string[], data: Record<string, unknown>): void {
  if (path.length > 1) {
    const [head, ...rest] = path;
    const next = data[head];
    if (!next || typeof next !== 'object') return;
    if (!fields[head] || typeof fields[head] !== 'object') fields[head] = {};
    mergeField(fields[head] as Record<string, unknown>, rest, next as Record<string, unknown>);
  } else {
    fields[path[0]] = data[path[0]];
  }
}

/** `facility_reference`'s value, upper-cased when it is text. */
function refid(def: FormDef, data: Record<string, unknown>): unknown {
  const value = data[def.facility_reference as string];
  return typeof value === 'string' ? value.toUpperCase() : value;
}

/** The record plus how it was read and what CHT would only have logged. */
export function readSms(settings: Settings, translations: Translations, sms: IncomingSms, clock: Clock): SmsReading {
  const texts = withDefaultTranslations(translations);
  // "local" dates follow settings.timezone (vigil fix 5), else the clock's zone
  const zone = resolveZone(settings.timezone, clock.zone);
  const { code, def, message } = resolveForm(settings, sms.message);
  const parsed: ParsedForm =
    code && def
      ? parseFormData(def, message, { settings, translations: texts, zone, locale: sms.locale })
      : { format: 'none', data: {}, extraFields: false, warnings: [] };

  const from = normalizePhone(settings, sms.from) || sms.from;
  const record: Doc = {
    _id: sms.id ?? uuidv7(clock.nowMs()),
    type: 'data_record',
    from,
    form: code,
    errors: [],
    tasks: [],
    fields: {},
    reported_date: clock.nowMs(),
    sms_message: {
      type: 'sms_message',
      message: sms.message,
      form: code,
      reported_date: sms.sent_timestamp,
      locale: sms.locale,
      from: sms.from,
      gateway_ref: sms.gateway_ref,
    },
  };
  const ts = parseSentTimestamp(sms.sent_timestamp, zone);
  if (ts) record.reported_date = ts;

  if (def) {
    if (def.facility_reference) record.refid = refid(def, parsed.data);
    for (const key of Object.keys(def.fields ?? {})) mergeField(record.fields, key.split('.'), parsed.data);
  }
  const errors = smsErrors({
    def,
    data: parsed.data,
    extraFields: parsed.extraFields,
    message: sms.message,
    formCode: code,
    formsOnlyMode: !!settings.forms_only_mode,
  });
  record.errors = translateErrors(errors, texts, recordLocale(record, settings));
  // an unknown form is a plain message, unless only forms are accepted
  if (!def && !settings.forms_only_mode) record.form = undefined;

  // the record as CouchDB will store it: undefined members dropped, NaN dates as null
  return { record: JSON.parse(JSON.stringify(record)) as Doc, format: parsed.format, warnings: parsed.warnings };
}

/** The data_record CHT API would create for this SMS. */
export function createRecordFromSms(settings: Settings, translations: Translations, sms: IncomingSms, clock: Clock): Doc {
  return readSms(settings, translations, sms, clock).record;
}
