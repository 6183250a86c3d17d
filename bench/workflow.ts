/**
 * The benchmark's data: the shipped VMMC workflow (app_settings.json), N CHWs in a district of clinics,
 * and one `VMMC <client phone> <name>` registration SMS from each CHW, built exactly as the gateways
 * build records (`createRecordFromSms`). Pure: no database.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { createRecordFromSms } from '../forms';
import { findRepoRoot } from '../lib/embedded/spawn';
import { loadSettingsFile } from '../lib/config/load';
import { ManualClock } from '../lib/time/clock';
import type { Doc, Settings } from '../lib/types';

export const ZONE = 'Africa/Nairobi';
/** When the backlog arrives: a Monday mid-morning (inside every send window). */
export const START = DateTime.fromISO('2026-03-02T10:00', { zone: ZONE });
/** When the first daily check-in of every registration is due (the due_tasks scenario's "now"). */
export const FIRST_CHECKIN = START.plus({ days: 1 }).set({ hour: 8, minute: 0 });

/** CHWs per clinic (a clinic's people share a lineage, as in a real district). */
const CHWS_PER_CLINIC = 100;
const HEALTH_CENTRES = 10;

export function loadShippedSettings(): Promise<Settings> {
  return loadSettingsFile(path.join(findRepoRoot(), 'app_settings.json'));
}

const chwPhone = (i: number) => `+25471${String(i).padStart(7, '0')}`;
/** the client's number as a CHW types it (local format), and as stored */
const clientLocal = (i: number) => `072${String(i).padStart(7, '0')}`;
export const clientPhone = (i: number) => `+25472${String(i).padStart(7, '0')}`;

/** Places (district, health centres, clinics) and N CHWs with phones. */
export function buildContacts(n: number): { places: Doc[]; people: Doc[] } {
  const places: Doc[] = [{ _id: 'bench-dh', type: 'district_hospital', name: 'Bench District' }];
  for (let h = 0; h < HEALTH_CENTRES; h++) {
    places.push({ _id: `bench-hc${h}`, type: 'health_center', name: `Health centre ${h}`, parent: { _id: 'bench-dh' } });
  }
  const clinics = Math.max(1, Math.ceil(n / CHWS_PER_CLINIC));
  const clinicLineage = (c: number) => ({ _id: `bench-clinic${c}`, parent: { _id: `bench-hc${c % HEALTH_CENTRES}`, parent: { _id: 'bench-dh' } } });
  for (let c = 0; c < clinics; c++) {
    const { _id, parent } = clinicLineage(c);
    places.push({ _id, type: 'clinic', name: `VMMC site ${c}`, parent });
  }
  const people: Doc[] = [];
  for (let i = 0; i < n; i++) {
    people.push({ _id: `bench-chw${i}`, type: 'person', name: `CHW ${i}`, phone: chwPhone(i), parent: clinicLineage(Math.floor(i / CHWS_PER_CLINIC)), reported_date: START.toMillis() });
  }
  return { places, people };
}

/**
 * n registration SMS (client i registered by CHW i mod `senders`), as the stored data_records (ids are
 * fresh uuids, like the gateways').
 */
export function buildReports(settings: Settings, n: number, senders = n): Doc[] {
  const clock = new ManualClock(START.toMillis(), ZONE);
  const out: Doc[] = [];
  for (let i = 0; i < n; i++) {
    out.push(createRecordFromSms(settings, {}, { message: `VMMC ${clientLocal(i)} Client ${i}`, from: chwPhone(i % senders) }, clock));
  }
  return out;
}

/** Client i's "OK" reply to a check-in, `at` (epoch ms). */
export function buildReply(settings: Settings, i: number, at: number): Doc {
  return createRecordFromSms(settings, {}, { message: 'OK', from: clientPhone(i) }, new ManualClock(at, ZONE));
}

/**
 * The backlog in feed order: chunks of people each followed by their reports, so any prefix of the feed
 * (what measurement (c) samples) holds the same mix as the whole.
 */
export function backlogOrder(people: Doc[], reports: Doc[], chunk = 500): Doc[][] {
  const out: Doc[][] = [];
  for (let i = 0; i < people.length; i += chunk) {
    out.push(people.slice(i, i + chunk));
    out.push(reports.slice(i, i + chunk));
  }
  return out;
}
