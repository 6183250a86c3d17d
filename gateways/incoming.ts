/**
 * Incoming text messages become data_records through the SMS form parser (forms/), written to the medic
 * db; the engine's changes feed then runs the transitions on them, as Sentinel does on what CHT API saves.
 * A message whose gateway id was seen before (`messages_by_gateway_ref`) is ignored. The record id is
 * derived from the gateway id, so two deliveries of one message racing each other still make one record.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import { bulkSave, queryView } from '../lib/couch/bulk';
import { VIEWS } from '../lib/couch/views';
import type { Doc } from '../lib/types';
import { createRecordFromSms } from '../forms';
import type { GatewayConfig, IncomingMessage } from './types';

export interface IncomingReport {
  /** records written */
  saved: number;
  /** ids of messages ignored because their gateway id was seen before */
  duplicates: string[];
  /** record ids written, in input order */
  ids: string[];
}

/** A uuid-shaped id (RFC 9562 version 8) derived from the gateway's message id. */
export function recordIdFor(gatewayRef: string): string {
  const hex = createHash('sha256').update(`vigil-sms-in:${gatewayRef}`, 'utf8').digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Gateway ids already known, from `messages_by_gateway_ref`. */
async function seenRefs(couch: Couch, refs: string[]): Promise<Set<string>> {
  if (!refs.length) return new Set();
  const res = await queryView(couch.medic, VIEWS.messages_by_gateway_ref, { keys: refs });
  return new Set(res.rows.map((r) => String(r.key)));
}

/** Saves each new message as a data_record. Throws when a record cannot be written (the gateway retries). */
export async function receiveMessages(couch: Couch, config: GatewayConfig, messages: IncomingMessage[], logger?: Logger): Promise<IncomingReport> {
  const report: IncomingReport = { saved: 0, duplicates: [], ids: [] };
  const refs = messages.map((m) => m.id).filter((id): id is string => typeof id === 'string' && id !== '');
  const seen = await seenRefs(couch, [...new Set(refs)]);
  const records: Doc[] = [];
  for (const msg of messages) {
    if (msg.id && seen.has(msg.id)) {
      report.duplicates.push(msg.id);
      logger?.info('ignoring incoming sms: gateway id already seen', { gateway_ref: msg.id });
      continue;
    }
    if (msg.id) seen.add(msg.id); // the same id twice in one request
    const record = createRecordFromSms(
      config.settings,
      config.translations,
      { message: msg.content, from: msg.from, gateway_ref: msg.id || undefined, id: msg.id ? recordIdFor(msg.id) : undefined },
      config.clock,
    );
    records.push(record);
  }
  if (!records.length) return report;
  const results = await bulkSave(couch.medic, records);
  const failures: string[] = [];
  results.forEach((r, i) => {
    if (r.ok) {
      report.saved++;
      report.ids.push(r.id);
      logger?.info('incoming sms saved', { doc_id: r.id, form: records[i].form ?? null, gateway_ref: records[i].sms_message?.gateway_ref });
    } else if (r.status === 409) {
      // the same message arrived twice at once: the other delivery wrote it
      report.duplicates.push(records[i].sms_message?.gateway_ref ?? r.id);
    } else {
      failures.push(`${r.id}: ${r.error}`);
    }
  });
  if (failures.length) throw new Error(`saving incoming messages failed: ${failures.join(', ')}`);
  return report;
}
