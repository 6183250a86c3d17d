/**
 * The shipped app_settings.json, driven through 14 days on a fake clock: VMMC clients registered by SMS
 * get a confirmation and a check-in every morning for 13 days; a danger sign alerts the site nurse; a
 * client silent for 7 days raises a tracing alert to the nurse, which any reply clears. Plus ANC
 * reminders on the right Monday morning.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { findRepoRoot } from '../../lib/embedded/spawn';
import { loadSettingsFile } from '../../lib/config/load';
import { createRecordFromSms } from '../../forms';
import type { Doc } from '../../lib/types';

const ZONE = 'Africa/Nairobi';
const START = DateTime.fromISO('2026-03-02T10:00', { zone: ZONE }); // a Monday
const NURSE = '+254711000001';
const CHW = '+254711000002';
const CLIENTS = { juma: '+254712000111', peter: '+254712000222', otieno: '+254712000333' };

const lineage = { _id: 'site', parent: { _id: 'hc', parent: { _id: 'dh' } } };
const CONTACTS = [
  { _id: 'dh', type: 'district_hospital', name: 'Kisumu District' },
  { _id: 'hc', type: 'health_center', name: 'Kisumu HC', parent: { _id: 'dh' } },
  { _id: 'site', type: 'clinic', name: 'VMMC site A', parent: { _id: 'hc', parent: { _id: 'dh' } }, contact: { _id: 'nurse' } },
  { _id: 'nurse', type: 'person', name: 'Nurse Akinyi', phone: NURSE, parent: lineage },
  { _id: 'chw', type: 'person', name: 'CHW Otieno', phone: CHW, parent: lineage },
];

describe('shipped VMMC workflow over 14 days', () => {
  let f: EngineFixture;
  let settings: Record<string, any>;

  beforeAll(async () => {
    settings = await loadSettingsFile(path.join(findRepoRoot(), 'app_settings.json'));
    f = await engineFixture(settings, { docs: CONTACTS, now: START.toISO()! });
    // The fixture merges base test settings under these; use the shipped file exactly.
    const doc = await f.couch.medic.get('settings');
    await f.couch.medic.insert({ ...doc, settings });
    await f.engine.reloadConfig();
  });
  afterAll(async () => {
    await f.cleanup();
    await f.server.stop();
  });

  const at = (day: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    f.clock.set(START.startOf('day').plus({ days: day }).set({ hour: h, minute: m }).toMillis());
  };
  const sms = async (from: string, message: string): Promise<string> => {
    const record = createRecordFromSms(settings, {}, { message, from }, f.clock);
    await f.couch.medic.insert(record as any);
    await drain();
    return record._id;
  };
  const drain = async () => {
    for (let i = 0; i < 5; i++) if ((await f.engine.drain()).processed === 0) break;
  };
  const dueTasks = async () => {
    await f.engine.runJob('due_tasks');
    await drain();
  };
  const registrationOf = async (phone: string): Promise<Doc> => {
    const res = await f.couch.medic.list({ include_docs: true });
    return (res.rows as any[]).map((r) => r.doc).find((d) => d.form === 'VMMC' && d.fields?.client_phone === phone);
  };
  const messages = (tasks: any[] = []) => tasks.filter((t) => t.state === 'pending').map((t) => ({ to: t.messages[0].to, text: t.messages[0].message }));

  it('registers clients with a confirmation to the CHW and a welcome to the client', async () => {
    at(0, '10:00');
    for (const [name, phone] of Object.entries(CLIENTS)) await sms(CHW, `VMMC ${phone.replace('+254', '0')} ${name[0].toUpperCase()}${name.slice(1)} Test`);
    const reg = await registrationOf(CLIENTS.juma);
    expect(reg.patient_id).toMatch(/^\d{5}$/);
    expect(messages(reg.tasks)).toEqual([
      { to: CHW, text: `Juma Test is registered for VMMC follow-up with ID ${reg.patient_id}. Daily check-ins start tomorrow.` },
      { to: CLIENTS.juma, text: expect.stringMatching(/^Welcome Juma Test\. We will check on you every morning for 13 days\./) },
    ]);
    const patient = (await f.couch.medic.list({ include_docs: true })).rows.map((r: any) => r.doc).find((d: any) => d.type === 'person' && d.patient_id === reg.patient_id);
    expect(patient).toMatchObject({ type: 'person', name: 'Juma Test', phone: CLIENTS.juma, parent: lineage });
    const checkins = reg.scheduled_tasks.filter((t: any) => t.type === 'VMMC check-ins');
    expect(checkins).toHaveLength(13);
    expect(checkins.map((t: any) => DateTime.fromISO(t.due, { zone: ZONE }).toFormat('dd HH:mm'))).toEqual(
      Array.from({ length: 13 }, (_, i) => `${String(3 + i).padStart(2, '0')} 08:00`),
    );
    expect(reg.scheduled_tasks.filter((t: any) => t.type === 'VMMC tracing')).toHaveLength(1);
  });

  it('sends each check-in on its morning and not before', async () => {
    at(1, '07:59');
    await dueTasks();
    let reg = await registrationOf(CLIENTS.juma);
    expect(reg.scheduled_tasks.filter((t: any) => t.state === 'pending')).toHaveLength(0);
    at(1, '08:00');
    await dueTasks();
    reg = await registrationOf(CLIENTS.juma);
    const released = reg.scheduled_tasks.filter((t: any) => t.state === 'pending');
    expect(released).toHaveLength(1);
    expect(released[0].messages[0]).toMatchObject({ to: CLIENTS.juma, message: expect.stringContaining('day 1 after your VMMC') });
  });

  it('a reply clears the tracing alert; a danger sign alerts the nurse', async () => {
    at(2, '09:30');
    const ok = await sms(CLIENTS.juma, 'OK');
    const okDoc = await f.couch.medic.get(ok);
    expect(messages(okDoc.tasks)).toEqual([{ to: CLIENTS.juma, text: 'Thank you Juma Test, glad you are well.' }]);
    let reg = await registrationOf(CLIENTS.juma);
    const tracing = reg.scheduled_tasks.find((t: any) => t.type === 'VMMC tracing');
    expect(tracing).toMatchObject({ state: 'cleared', cleared_by: ok });

    at(3, '14:00');
    const danger = await sms(CLIENTS.otieno, 'D bleeding');
    const dDoc = await f.couch.medic.get(danger);
    const otieno = await registrationOf(CLIENTS.otieno);
    expect(messages(dDoc.tasks)).toEqual([
      { to: CLIENTS.otieno, text: 'Thank you Otieno Test. A nurse will call you today. If bleeding is heavy, go to the VMMC site now.' },
      { to: NURSE, text: `DANGER SIGN: Otieno Test (${otieno.patient_id}, ${CLIENTS.otieno}) reported: bleeding. Please call the client today.` },
    ]);
    expect(otieno.scheduled_tasks.find((t: any) => t.type === 'VMMC tracing').state).toBe('cleared');
    reg = await registrationOf(CLIENTS.juma);
    expect(reg.scheduled_tasks.filter((t: any) => t.type === 'VMMC check-ins' && t.state === 'scheduled')).toHaveLength(12);
  });

  it('runs the rest of the fortnight: tracing alert for the silent client on day 7, 13 check-ins each', async () => {
    for (let day = 2; day <= 14; day++) {
      at(day, '08:00');
      await dueTasks();
      at(day, '09:00');
      await dueTasks();
    }
    const peter = await registrationOf(CLIENTS.peter);
    const tracing = peter.scheduled_tasks.find((t: any) => t.type === 'VMMC tracing');
    expect(tracing.state).toBe('pending');
    expect(tracing.messages[0]).toMatchObject({
      to: NURSE,
      message: `TRACING: Peter Test (${peter.patient_id}, ${CLIENTS.peter}) has not replied to check-ins for 7 days. Please call the client.`,
    });
    expect(DateTime.fromISO(tracing.due, { zone: ZONE }).toFormat('ccc dd HH:mm')).toBe('Mon 09 09:00');
    for (const phone of Object.values(CLIENTS)) {
      const reg = await registrationOf(phone);
      const checkins = reg.scheduled_tasks.filter((t: any) => t.type === 'VMMC check-ins');
      expect(checkins.map((t: any) => t.state)).toEqual(Array(13).fill('pending'));
      expect(checkins.map((t: any) => t.messages[0].to)).toEqual(Array(13).fill(phone));
    }
    const juma = await registrationOf(CLIENTS.juma);
    expect(juma.scheduled_tasks.find((t: any) => t.type === 'VMMC tracing').state).toBe('cleared');
  });

  it('schedules ANC reminders on Monday mornings from the LMP and clears them with a visit', async () => {
    at(14, '10:00');
    await sms(CHW, 'ANC 10 Mary Atieno');
    const res = await f.couch.medic.list({ include_docs: true });
    const anc = (res.rows as any[]).map((r) => r.doc).find((d) => d.form === 'ANC');
    expect(anc.lmp_date).toBeDefined();
    const dues = anc.scheduled_tasks.map((t: any) => DateTime.fromISO(t.due, { zone: ZONE }));
    expect(dues).toHaveLength(8);
    for (const d of dues) expect(d.toFormat('ccc HH:mm')).toBe('Mon 09:00');
    // A visit in the week of the first reminder clears it (silence_for 14 days).
    f.clock.set(dues[0].minus({ days: 3 }).toMillis());
    await sms(CHW, `V ${anc.patient_id}`);
    const after = await f.couch.medic.get(anc._id);
    expect(after.scheduled_tasks[0].state).toBe('cleared');
    expect(after.scheduled_tasks[1].state).toBe('scheduled');
  });
});
