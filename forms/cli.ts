/** `vigil parse "TEXT"`: what record an SMS would become, for app builders trying their forms. */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { Clock, Settings } from '../lib/types';
import { clockForSettings, systemClock } from '../lib/time/clock';
import { getForm } from './definition';
import { readSms, type SmsReading } from './record';

export interface ParseCommandIo {
  out(text: string): void;
  /** the clock before settings apply (default: the system clock) */
  clock?: Clock;
}

const defaultIo: ParseCommandIo = { out: (text) => void process.stdout.write(text) };

/** `[path, value]` for every leaf of the fields tree, dotted paths. */
function leaves(value: unknown, path: string[] = []): Array<[string, unknown]> {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return path.length ? [[path.join('.'), value]] : [];
}

/** A few lines saying which form matched, how it was read, the values and the errors. */
export function summarise(reading: SmsReading, settings: Settings, zone: string): string {
  const { record, format, warnings } = reading;
  const code = record.sms_message?.form;
  const def = getForm(settings, code);
  const lines: string[] = [];
  if (def) lines.push(`form: ${record.form} (read as ${format})`);
  else if (record.form) lines.push(`form: ${JSON.stringify(record.form)} is not defined (forms_only_mode)`);
  else lines.push(`form: none: free text${code ? ` (no form ${JSON.stringify(code)})` : ''}`);
  lines.push(`from: ${record.from === '' ? '(none)' : record.from}`);
  const fields = leaves(record.fields);
  lines.push(fields.length ? 'fields:' : 'fields: none');
  for (const [key, value] of fields) {
    const type = def?.fields?.[key]?.type;
    const when = type === 'date' && typeof value === 'number' ? `  (${DateTime.fromMillis(value, { zone }).toISO()})` : '';
    lines.push(`  ${key} = ${JSON.stringify(value)}${when}`);
  }
  lines.push(record.errors.length ? 'errors:' : 'errors: none');
  for (const e of record.errors) lines.push(`  ${e.code}: ${e.message}`);
  if (warnings.length) lines.push('warnings:', ...warnings.map((w) => `  ${w}`));
  return `${lines.join('\n')}\n`;
}

/** Adds `parse "TEXT" [--from PHONE] [--settings FILE] [--locale L] [--json]` to the program. */
export function registerParseCommand(
  program: Command,
  loadSettings: (file?: string) => Promise<Settings>,
  io: ParseCommandIo = defaultIo,
): Command {
  return program
    .command('parse <text>')
    .description('show the data_record an incoming SMS would become (form, typed fields, errors)')
    .option('--from <phone>', 'the sender\'s phone number', '')
    .option('--settings <file>', 'app_settings.json to read the forms from')
    .option('--locale <locale>', 'the message locale, as a gateway would send it')
    .option('--json', 'print only the record as JSON')
    .action(async (text: string, opts: { from: string; settings?: string; locale?: string; json?: boolean }) => {
      const settings = await loadSettings(opts.settings);
      const clock = clockForSettings(settings, io.clock ?? systemClock());
      const reading = readSms(settings, {}, { message: text, from: opts.from, locale: opts.locale }, clock);
      if (!opts.json) io.out(`${summarise(reading, settings, clock.zone)}\n`);
      io.out(`${JSON.stringify(reading.record, null, 2)}\n`);
    });
}
