/**
 * The engine's core contracts. Everything else codes against these; keep them small and stable.
 *
 * Data flows one way: feed -> runner -> transitions (pure) -> runner commits -> checkpoint.
 * A transition never touches the database or the network: it reads a TransitionContext and returns
 * a TransitionResult (whether it changed its working copy of the doc, plus serialisable effects).
 */
import type { DateTime } from 'luxon';

/** Any CouchDB document. */
export interface Doc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [key: string]: any;
}

/** The effective app_settings (the `settings` property of the medic `settings` doc). Deliberately loose. */
export type Settings = Record<string, any>;

/** locale -> key -> text (generic merged with custom, `${key}` substitutions applied). */
export type Translations = Record<string, Record<string, string>>;

/** A problem in the configuration, located by a JSON path such as `$.registrations[0].events[1].trigger`. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** the settings section (top-level key) the problem is in, e.g. `registrations` */
  section?: string;
  severity?: 'error' | 'warning';
}

/** The engine's notion of time. Injectable so tests skip time instead of waiting. */
export interface Clock {
  /** epoch ms "now" (frozen by synthetic_date, or controlled by tests) */
  nowMs(): number;
  /** now as a luxon DateTime in the configured IANA zone */
  now(): DateTime;
  /** the IANA zone used for "today", send_time, send_day and send windows */
  readonly zone: string;
}

/** What Sentinel remembers about one medic doc: `<docId>-info` in the sentinel db. */
export interface TransitionRecord {
  last_rev: string;
  seq: string | null;
  ok: boolean;
  run_date: string;
}
export interface InfoDoc extends Doc {
  type: 'info';
  doc_id: string;
  initial_replication_date?: string | number;
  latest_replication_date?: string | number;
  transitions?: Record<string, TransitionRecord>;
  transitions_started?: string;
  completed_tasks?: Array<{ type: 'outbound'; name: string; timestamp: number; hash: string }>;
  muting_history?: Array<{ muted: boolean; date: string; report_id: string }>;
  /** vigil's write-ahead intent: written before the doc save, folded into `transitions` after it. */
  vigil_pending?: PendingIntent;
}
export interface PendingIntent {
  /** the doc revision the transitions ran on (the save's base revision) */
  from_rev: string;
  transitions: Record<string, TransitionRecord>;
  effects: Effect[];
  created: string;
  /** sha256 of the doc body vigil saved (without _rev): tells our save apart from someone else's */
  doc_hash?: string;
}

/** A message inside a task. */
export interface Message {
  uuid: string;
  to?: string;
  message?: string;
  original_message?: string;
  error?: string;
}
export interface StateHistoryEntry {
  state: string;
  state_details?: unknown;
  timestamp: string;
}
export interface Task {
  messages?: Message[];
  state?: string;
  state_details?: unknown;
  gateway_ref?: string;
  state_history?: StateHistoryEntry[];
  [key: string]: any;
}

/**
 * Side effects a transition asks for. They are data (serialisable), so the runner can persist them in
 * the write-ahead intent and replay them after a crash without re-running the transition.
 */
export type Effect =
  /** create a doc with a deterministic id; an existing doc with that id means "already done" */
  | { kind: 'create'; doc: Doc }
  /** apply a named pure update (see lib/runner/update-ops.ts) to the fresh version of another doc, retrying on 409 */
  | { kind: 'update'; id: string; op: string; args?: unknown; db?: 'medic' | 'sentinel' }
  /** push a payload to an outbound destination through the durable outbox, after the commit */
  | { kind: 'outbound'; name: string; docId: string };

export interface TransitionResult {
  /** the working copy of the doc was modified and must be saved; the transition is then recorded */
  changed: boolean;
  effects?: Effect[];
  /** record the transition as `ok: false` (an error was stored on the doc) */
  failed?: boolean;
}

/** Read-only lookups a transition may make. Implemented over bulk reads, views and a small cache. */
export interface Lookups {
  /** docs by id, in the same order, `undefined` for missing/deleted ones */
  getDocs(ids: string[]): Promise<Array<Doc | undefined>>;
  getDoc(id: string): Promise<Doc | undefined>;
  /** contacts whose `phone` is exactly this string (CHT contacts_by_phone) */
  contactsByPhone(phone: string): Promise<Doc[]>;
  /** contact ids by `["shortcode", id]` or `["external", RC_CODE]` (CHT contacts_by_reference) */
  contactIdsByReference(kind: 'shortcode' | 'external', key: string): Promise<string[]>;
  /** a contact doc with its parent lineage and each place's primary contact filled in */
  hydrateContact(idOrDoc: string | Doc): Promise<Doc | undefined>;
  /** reports about any of these subject ids (CHT reports_by_subject), deduplicated, view order */
  reportsBySubject(subjectIds: string[]): Promise<Doc[]>;
  /** the contact and every contact below it (CHT contacts_by_depth key [rootId]), stored (not hydrated) */
  descendants(rootId: string): Promise<Doc[]>;
  /** which of these shortcodes some doc already uses as patient_id, place_id or case_id */
  shortcodesTaken(codes: string[]): Promise<Set<string>>;
  /** every report of `form` whose submitter's parent place is `parentId` (CHT reports_by_form_and_parent) */
  reportsByFormAndParent(form: string, parentId: string): Promise<Doc[]>;
  /** ids of reports carrying every one of these free-text terms (`field:value`, lower-cased values) */
  reportIdsByTerms(terms: string[]): Promise<string[]>;
  /** reports with `startMs <= reported_date <= endMs` (CHT reports_by_date), newest first, stored (not hydrated) */
  reportsBetween(startMs: number, endMs: number): Promise<Doc[]>;
  /** the docs hydrated as the runner hydrates its working copies (contact lineage, patient, place) */
  hydrateDocs(docs: Doc[]): Promise<Doc[]>;
  /**
   * reports of `form` for one period (`fields.year` + week or month) from the leaf place `parentId`
   * (CHT reports_by_form_year_{week,month}_parent_reported_date), oldest first, stored
   */
  reportsForPeriod(form: string, year: unknown, period: { kind: 'week' | 'month'; value: unknown }, parentId: string): Promise<Doc[]>;
}

/** Message generation services bound to the current settings, translations and clock (lib/messages). */
export interface Messaging {
  addMessage(doc: Doc, config: MessageConfig, recipient?: Recipient, context?: MessageContext): Task | undefined;
  addError(doc: Doc, error: string | { code?: string; message?: string; [k: string]: any }, context?: MessageContext): void;
  addRejectionMessage(doc: Doc, config: { messages?: MessageConfig[] } | undefined, errorKey: string, context?: MessageContext): void;
  addSuccessMessage(doc: Doc, config: { messages?: MessageConfig[] } | undefined, eventType: string, context?: MessageContext): void;
  addErrors(config: { validations?: any }, doc: Doc, errors: Array<string | { code?: string; message?: string }>, context?: MessageContext): void;
  translate(key: string, locale?: string): string;
  getLocale(doc: Doc): string;
  /** render a mustache template with CHT's context rules */
  render(template: string, doc: Doc, context?: MessageContext, locale?: string): string;
}
export type Recipient = string | number | Array<string | number>;
export interface MessageConfig {
  event_type?: string;
  recipient?: Recipient;
  translation_key?: string;
  message?: string | Array<{ locale?: string; content?: string }>;
  messages?: string | Array<{ locale?: string; content?: string }>;
  bool_expr?: string;
  [key: string]: any;
}
export interface MessageContext {
  patient?: Doc;
  place?: Doc;
  registrations?: Doc[];
  placeRegistrations?: Doc[];
  templateContext?: Record<string, unknown>;
}

/** Evaluates config expressions (bool_expr, relevant_to, conditions) in a sandbox. */
export interface Expressions {
  evaluate(source: string, context: Record<string, unknown>): unknown;
}

export interface TransitionContext {
  /** hydrated working copy of the doc; transitions mutate it and say so with `changed` */
  doc: Doc;
  info: InfoDoc;
  seq: string | null;
  /** true when no transition was ever recorded for this doc */
  initialProcessing: boolean;
  settings: Settings;
  translations: Translations;
  clock: Clock;
  lookups: Lookups;
  messaging: Messaging;
  expressions: Expressions;
}

export const TRANSITION_ORDER = [
  'update_clinics',
  'self_report',
  'registration',
  'accept_patient_reports',
  'accept_case_reports',
  'generate_shortcode_on_contacts',
  'generate_patient_id_on_people',
  'default_responses',
  'update_sent_by',
  'death_reporting',
  'conditional_alerts',
  'multi_report_alerts',
  'update_notifications',
  'update_scheduled_reports',
  'resolve_pending',
  'muting',
  'mark_for_outbound',
  'create_user_for_contacts',
] as const;
export type TransitionName = (typeof TRANSITION_ORDER)[number];

export interface Transition {
  name: TransitionName;
  /** never run on API's synchronous path (kept for parity with CHT) */
  asynchronousOnly?: boolean;
  /** top-level settings keys this transition reads: a broken one disables only this transition */
  sections: string[];
  /** semantic checks beyond the JSON schema (CHT's init()); problems disable this transition only */
  validate?(settings: Settings): ConfigProblem[];
  /** synchronous and side-effect free; decides whether onMatch runs */
  filter(ctx: TransitionContext): boolean;
  onMatch(ctx: TransitionContext): Promise<TransitionResult>;
}
