/**
 * The DB-backed validation functions (unique, exists, uniqueWithin, uniquePhone) through validate(),
 * on the real free-text and phone views: the embedded server by default, any CouchDB given in
 * COUCH_URL with the same assertions. Needs `npm run build`.
 */
import { connect, type Couch } from '../../lib/couch/client';
import { installDesignDocs } from '../../lib/couch/ddoc';
import { bulkSave } from '../../lib/couch/bulk';
import { createLookups } from '../../lib/runner/lookups';
import { ManualClock } from '../../lib/time/clock';
import type { Doc } from '../../lib/types';
import { validate, type ValidationEnv } from '../../lib/validation';
import { getTestCouch, type TestCouch } from '../helpers/couch';

const NOW = Date.UTC(2025, 2, 5, 10, 0, 0);
const DAY = 24 * 3600 * 1000;

const report = (id: string, extra: Partial<Doc>): Doc => ({
  _id: id,
  type: 'data_record',
  form: 'REG',
  from: '+254700000001',
  reported_date: NOW - DAY,
  fields: {},
  ...extra,
});

const SEED: Doc[] = [
  { _id: 'chw', type: 'person', name: 'CHW', phone: '+254700000001', reported_date: 1 },
  report('reg-mary', { fields: { patient_id: '12345', patient_name: 'Mary Jane' } }),
  report('preg-ann', { form: 'PREG', fields: { patient_id: '55555', patient_name: 'Ann' }, reported_date: NOW - 10 * DAY }),
  report('reg-errored', { fields: { patient_id: '77777' }, errors: [{ code: 'invalid_x', message: 'x' }] }),
];

const rule = (property: string, text: string, message: string) => ({ property, rule: text, message: [{ locale: 'en', content: message }] });
const cfg = (...list: any[]) => ({ validations: { list } });

describe('validation against a real server', () => {
  let tc: TestCouch;
  let couch: Couch;
  let env: ValidationEnv;
  let clock: ManualClock;

  beforeAll(async () => {
    tc = await getTestCouch();
    const medicName = tc.uniqueDbName('validation');
    await tc.createDb(medicName);
    await tc.createDb(`${medicName}-sentinel`);
    couch = connect(tc.url, medicName);
    await installDesignDocs(couch);
    const saved = await bulkSave(couch.medic, SEED);
    expect(saved.every((r) => r.ok)).toBe(true);
    clock = new ManualClock(NOW);
    env = { settings: { locale: 'en' }, translations: {}, lookups: createLookups(couch), clock, logger: { error: () => undefined } };
  });

  afterAll(async () => {
    if (!tc) return;
    await tc.destroyDb(couch.medicName);
    await tc.destroyDb(couch.sentinelName);
    await tc.stop();
  });

  it('unique: fails when another report has the value (case-insensitively), passes otherwise', async () => {
    const config = cfg(rule('patient_id', "unique('patient_id')", 'Duplicate {{patient_id}}'), rule('patient_name', "unique('patient_name')", 'Name taken'));
    expect(await validate(config, report('new-1', { fields: { patient_id: '12345', patient_name: 'MARY JANE' } }), env)).toEqual([
      { code: 'invalid_patient_id', message: 'Duplicate {{patient_id}}' },
      { code: 'invalid_patient_name', message: 'Name taken' },
    ]);
    expect(await validate(config, report('new-2', { fields: { patient_id: '00001', patient_name: 'Zed' } }), env)).toEqual([]);
  });

  it('unique: ignores the doc itself and reports with errors', async () => {
    const config = cfg(rule('patient_id', "unique('patient_id')", 'Duplicate'));
    expect(await validate(config, report('reg-mary', { fields: { patient_id: '12345' } }), env)).toEqual([]);
    expect(await validate(config, report('new-3', { fields: { patient_id: '77777' } }), env)).toEqual([]);
  });

  it('unique over several fields needs all of them to match', async () => {
    const config = cfg(rule('patient_id', "unique('patient_id', 'patient_name')", 'Duplicate'));
    expect(await validate(config, report('new-4', { fields: { patient_id: '12345', patient_name: 'Ann' } }), env)).toEqual([]);
    expect(await validate(config, report('new-5', { fields: { patient_id: '12345', patient_name: 'mary jane' } }), env)).toHaveLength(1);
  });

  it('exists: another report of that form with the same field value', async () => {
    const config = cfg(rule('patient_id', "exists('PREG', 'patient_id')", 'No pregnancy for {{patient_id}}'));
    expect(await validate(config, report('visit-1', { form: 'VISIT', fields: { patient_id: '55555' } }), env)).toEqual([]);
    expect(await validate(config, report('visit-2', { form: 'VISIT', fields: { patient_id: '12345' } }), env)).toEqual([
      { code: 'invalid_patient_id', message: 'No pregnancy for {{patient_id}}' },
    ]);
  });

  it('uniqueWithin: only reports inside the window, measured from the engine clock', async () => {
    const config = cfg(rule('patient_id', "uniqueWithin('patient_id', '1 week')", 'Registered this week'));
    // preg-ann is 10 days old, reg-mary 1 day
    expect(await validate(config, report('new-6', { fields: { patient_id: '55555' } }), env)).toEqual([]);
    expect(await validate(config, report('new-7', { fields: { patient_id: '12345' } }), env)).toHaveLength(1);
    clock.set(NOW + 8 * DAY);
    try {
      expect(await validate(config, report('new-8', { fields: { patient_id: '12345' } }), env)).toEqual([]);
    } finally {
      clock.set(NOW);
    }
  });

  it('uniquePhone: no contact has that phone', async () => {
    const config = cfg(rule('phone', "uniquePhone('phone')", 'Phone in use'));
    expect(await validate(config, report('new-9', { fields: { phone: '+254700000001' } }), env)).toEqual([{ code: 'invalid_phone', message: 'Phone in use' }]);
    expect(await validate(config, report('new-10', { fields: { phone: '+254700000002' } }), env)).toEqual([]);
  });

  it('combines DB functions of a rule left to right', async () => {
    const config = cfg(rule('patient_id', "unique('patient_id') || exists('PREG', 'patient_id')", 'Neither new nor pregnant'));
    expect(await validate(config, report('new-11', { fields: { patient_id: '55555' } }), env)).toEqual([]);
    expect(await validate(config, report('new-12', { fields: { patient_id: '12345' } }), env)).toHaveLength(1);
  });
});
