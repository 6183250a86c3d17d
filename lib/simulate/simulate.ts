/**
 * `vigil simulate`: what a report would produce, without a database. Runs the enabled transitions on the
 * report against in-memory contacts, then lays out the messages it would send now and the calendar of
 * scheduled ones (local due time, recipient, locale, text) with the later reports that would clear them.
 */
import { DateTime } from 'luxon';
import type { Doc, Settings, Task, Translations, Transition } from '../types';
import { ManualClock, resolveZone } from '../time/clock';
import { applyDefaults } from '../config/load';
import { resolveTransitions } from '../config/enabled';
import { createExpressions } from '../expr';
import { createMessaging, DuplicateGuard, type VigilMessaging } from '../messages';
import { DEFAULT_EN } from '../i18n/defaults-en';
import { runTransitions } from '../runner/run-transitions';
import { blankInfodoc } from '../runner/infodoc';
import { MemoryLookups } from './memory-lookups';

export interface SimulationInput {
  settings: Settings;
  report: Doc;
  contacts?: Doc[];
  translations?: Translations;
  nowMs: number;
  transitions: Transition[];
}

export interface CalendarEntry {
  due: string;
  dueLocal: string;
  type: string;
  group: unknown;
  state: string;
  to?: string;
  locale: string;
  text?: string;
  error?: string;
  clearedBy: string[];
}

export interface SimulationResult {
  zone: string;
  report: Doc;
  created: Doc[];
  immediate: Array<{ state: string; to?: string; text?: string; error?: string }>;
  calendar: CalendarEntry[];
  errors: Array<{ code: string; message: string }>;
  transitions: Array<{ name: string; outcome: string; error?: string }>;
  disabled: Array<{ name: string; reason: string }>;
}

/** The reports that would clear a scheduled message of this type, in words. */
export function clearersOf(settings: Settings, type: string): string[] {
  const out: string[] = [];
  for (const pr of Array.isArray(settings.patient_reports) ? settings.patient_reports : []) {
    const types = String(pr?.silence_type ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    if (!types.includes(type)) continue;
    out.push(pr.silence_for ? `a ${pr.form} report within ${pr.silence_for} before it is due` : `any ${pr.form} report before it is sent`);
  }
  for (const reg of Array.isArray(settings.registrations) ? settings.registrations : []) {
    for (const ev of Array.isArray(reg?.events) ? reg.events : []) {
      if (ev?.trigger !== 'clear_schedule') continue;
      const names = Array.isArray(ev.params) ? ev.params : String(ev.params ?? '').split(',');
      if (names.map((n: string) => String(n).trim()).includes(type)) out.push(`a new ${reg.form} registration for the same subject`);
    }
  }
  return out;
}

export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  const settings = applyDefaults(structuredClone(input.settings));
  const zone = resolveZone(settings.timezone, 'UTC');
  const clock = new ManualClock(input.nowMs, zone);
  const translations: Translations = { ...(input.translations ?? {}) };
  translations.en = { ...DEFAULT_EN, ...(translations.en ?? {}) };
  const messaging = createMessaging({ settings, translations, clock, duplicates: new DuplicateGuard() }) as VigilMessaging;
  const lookups = new MemoryLookups(input.contacts ?? []);
  const resolved = resolveTransitions(settings, input.transitions);

  const report: Doc = { type: 'data_record', reported_date: input.nowMs, ...structuredClone(input.report), _id: input.report._id ?? 'simulated-report', _rev: '1-simulated' };
  lookups.put(report);
  const [hydrated] = await lookups.hydrateDocs([report]);
  const info = blankInfodoc(report._id, new Date(input.nowMs).toISOString());
  const run = await runTransitions(
    { doc: hydrated, info, seq: null, initialProcessing: true, settings, translations, clock, lookups, messaging, expressions: createExpressions() },
    resolved.enabled,
    () => Date.now(),
  );
  const created = run.effects.filter((e) => e.kind === 'create').map((e) => (e as { doc: Doc }).doc);
  const doc = hydrated;
  const locale = messaging.getLocale(doc);

  const calendar: CalendarEntry[] = ((doc.scheduled_tasks ?? []) as Task[]).map((task) => {
    let message: { to?: string; message?: string; error?: string } | undefined = task.messages?.[0];
    if (!message) {
      // Messages with a translation_key are rendered when released; preview them with today's data.
      message = messaging.generate(doc, { translation_key: task.message_key, message: task.message }, task.recipient, {
        patient: doc.patient,
        place: doc.place,
      }).message;
    }
    const due = DateTime.fromISO(String(task.due), { zone });
    return {
      due: String(task.due),
      dueLocal: due.isValid ? due.toFormat('ccc dd LLL yyyy HH:mm ZZZZ') : String(task.due),
      type: String(task.type ?? ''),
      group: task.group,
      state: String(task.state),
      to: message?.to,
      locale,
      text: message?.message,
      error: message?.error,
      clearedBy: clearersOf(settings, String(task.type ?? '')),
    };
  });
  calendar.sort((a, b) => Date.parse(a.due) - Date.parse(b.due));

  const { patient: _p, place: _pl, ...stored } = doc;
  return {
    zone,
    report: stored as Doc,
    created,
    immediate: ((doc.tasks ?? []) as Task[]).map((t) => ({ state: String(t.state), to: t.messages?.[0]?.to, text: t.messages?.[0]?.message, error: t.messages?.[0]?.error })),
    calendar,
    errors: Array.isArray(doc.errors) ? doc.errors : [],
    transitions: run.outcomes.map((o) => ({ name: o.name, outcome: o.outcome, error: o.error })),
    disabled: resolved.disabled
      .filter((d) => settings.transitions?.[d.name])
      .map((d) => ({ name: d.name, reason: d.problems.map((p) => `${p.path}: ${p.message}`).join('; ') })),
  };
}

/** A plain-text rendering for the terminal. */
export function formatSimulation(r: SimulationResult): string {
  const lines: string[] = [];
  lines.push(`Report ${r.report.form ?? '(no form)'} from ${r.report.from ?? '(no sender)'} — times in ${r.zone}`);
  for (const d of r.disabled) lines.push(`! transition ${d.name} is disabled: ${d.reason}`);
  for (const t of r.transitions) lines.push(`  ${t.name}: ${t.outcome}${t.error ? ` (${t.error})` : ''}`);
  for (const e of r.errors) lines.push(`  error ${e.code}: ${e.message}`);
  for (const c of r.created) lines.push(`  creates ${c.type}${c.contact_type ? `/${c.contact_type}` : ''} "${c.name ?? c._id}"${c.patient_id ? ` (${c.patient_id})` : ''}`);
  lines.push('', 'Sent now:');
  if (!r.immediate.length) lines.push('  (nothing)');
  for (const m of r.immediate) lines.push(`  [${m.state}] to ${m.to ?? '(nobody)'}: ${m.text ?? `(no text: ${m.error})`}`);
  lines.push('', 'Scheduled:');
  if (!r.calendar.length) lines.push('  (nothing)');
  for (const c of r.calendar) {
    lines.push(`  ${c.dueLocal}  [${c.state}] ${c.type} #${String(c.group)} to ${c.to ?? '(nobody)'} (${c.locale}): ${c.text ?? `(no text: ${c.error})`}`);
    if (c.clearedBy.length) lines.push(`      cleared by ${c.clearedBy.join(' or ')}`);
  }
  return lines.join('\n');
}
