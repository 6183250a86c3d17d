import { createRecordFromSms, parseSentTimestamp, readSms } from '../../../forms/record';
import { ManualClock } from '../../../lib/time/clock';
import { clock, NOW, settings } from './fixtures';

const FROM = '0712345678';
const sms = (message: string, extra: Record<string, unknown> = {}) => ({ message, from: FROM, ...extra });

describe('createRecordFromSms (7.4)', () => {
  it('builds the data_record API would create', () => {
    const record = createRecordFromSms(
      settings(),
      {},
      sms('V 12345 3 1 2024-05-01 0712000111 rc01', { sent_timestamp: '1714557600000', gateway_ref: 'gw-1', id: 'r1' }),
      clock(),
    );
    expect(record).toEqual({
      _id: 'r1',
      type: 'data_record',
      from: '+254712345678',
      form: 'V',
      errors: [],
      tasks: [],
      fields: {
        patient_id: '12345',
        weight: 3,
        danger: 'Bleeding',
        visit: { date: Date.UTC(2024, 3, 30, 21) },
        phone: '+254712000111',
        note: 'rc01',
      },
      reported_date: 1714557600000,
      refid: 'RC01',
      sms_message: {
        type: 'sms_message',
        message: 'V 12345 3 1 2024-05-01 0712000111 rc01',
        form: 'V',
        reported_date: '1714557600000',
        from: FROM,
        gateway_ref: 'gw-1',
      },
    });
  });

  it('gives a uuid v7 id from the clock when none is given', () => {
    const { _id } = createRecordFromSms(settings(), {}, sms('V 12345'), clock());
    expect(_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(_id.replace(/-/g, '').slice(0, 12), 16)).toBe(NOW);
  });

  it('keeps a sender that does not validate as sent', () => {
    expect(createRecordFromSms(settings(), {}, { message: 'V 1', from: '12' }, clock()).from).toBe('12');
    expect(createRecordFromSms(settings(), {}, { message: 'V 1', from: 'MPESA' }, clock()).from).toBe('MPESA');
  });

  it('reports missing and mistyped fields with translated messages', () => {
    const record = createRecordFromSms(settings(), {}, sms('V #wt 3.5 #n 123'), clock());
    expect(record.errors).toEqual([
      { code: 'sys.incorrect_type', message: 'Incorrect type for field weight: expected integer.' },
      { code: 'sys.incorrect_type', message: 'Incorrect type for field note: expected string.' },
      { code: 'sys.missing_fields', message: 'Missing or invalid fields: patient_id.' },
    ]);
    // the values stay on the record
    expect(record.fields).toEqual({ weight: 3.5, note: 123 });
    expect(record.refid).toBe(123);
  });

  it('translates errors in the message locale, with the caller\'s translations', () => {
    const translations = { fr: { 'sys.missing_fields': 'Champs manquants : {{fields}}.' } };
    const record = createRecordFromSms(settings(), translations, sms('V', { locale: 'fr' }), clock());
    expect(record.errors).toEqual([{ code: 'sys.missing_fields', message: 'Champs manquants : patient_id.' }]);
    expect(record.sms_message.locale).toBe('fr');
    // settings.locale otherwise
    const viaSettings = createRecordFromSms(settings({ locale: 'fr' }), translations, sms('V'), clock());
    expect(viaSettings.errors[0].message).toBe('Champs manquants : patient_id.');
  });

  it('flags Muvuku extra values with extra_fields, after the validation errors', () => {
    const record = createRecordFromSms(settings(), {}, sms('1!V!#3.5#1#2024-05-01#0712345678#n#extra'), clock());
    expect(record.errors.map((e: { code: string }) => e.code)).toEqual(['sys.incorrect_type', 'sys.missing_fields', 'extra_fields']);
    expect(record.errors[2].message).toBe('Extra fields.');
  });

  describe('free text', () => {
    it('is a plain message (no form) without forms_only_mode', () => {
      const record = createRecordFromSms(settings(), {}, sms('hello there'), clock());
      expect(record).not.toHaveProperty('form');
      expect(record.fields).toEqual({});
      expect(record.errors).toEqual([]);
      expect(record.sms_message.form).toBe('HELLO');
    });

    it('keeps the unknown code and gets sys.form_not_found with forms_only_mode', () => {
      const record = createRecordFromSms(settings({ forms_only_mode: true }), {}, sms('hello there'), clock());
      expect(record.form).toBe('HELLO');
      expect(record.errors).toEqual([{ code: 'sys.form_not_found', message: 'Form "HELLO" not found.' }]);
    });

    it('a blank message gets sys.empty (then sys.form_not_found with forms_only_mode)', () => {
      expect(createRecordFromSms(settings(), {}, sms('  '), clock()).errors).toEqual([{ code: 'sys.empty', message: 'Message appears empty.' }]);
      const strict = createRecordFromSms(settings({ forms_only_mode: true }), {}, sms(''), clock());
      expect(strict.errors.map((e: { code: string }) => e.code)).toEqual(['sys.empty', 'sys.form_not_found']);
      expect(strict.errors[1].message).toBe('Form "" not found.');
      expect(strict).not.toHaveProperty('form');
    });
  });

  it('finds a form whose code carries zero-width characters, keeping the raw message', () => {
    const record = createRecordFromSms(settings(), {}, sms('V\u200B\u200C 12345 3'), clock());
    expect(record.form).toBe('V');
    expect(record.fields).toEqual({ patient_id: '12345', weight: 3 });
    expect(record.sms_message).toMatchObject({ form: 'V', message: 'V\u200B\u200C 12345 3' });
  });

  it('converts Devanagari digits', () => {
    const record = createRecordFromSms(settings(), {}, sms('V #id १२३४५ #wt ४ #ph ०७१२३४५६७८'), clock());
    expect(record.fields).toEqual({ patient_id: '12345', weight: 4, phone: '+254712345678' });
  });

  it('nests dotted fields, and reports a required dotted field missing even when sent (CHT quirk)', () => {
    const def = settings().forms.V;
    def.fields['visit.date'].required = true;
    const record = createRecordFromSms(settings({ forms: { V: def } }), {}, sms('V #id 12345 #vd 2024-05-01'), clock());
    expect(record.fields).toEqual({ patient_id: '12345', visit: { date: Date.UTC(2024, 4, 1) } });
    expect(record.errors).toEqual([{ code: 'sys.missing_fields', message: 'Missing or invalid fields: visit.date.' }]);
  });

  it('reads "local" dates in settings.timezone, else in the clock zone', () => {
    const noZone = settings();
    delete noZone.timezone;
    const utc = createRecordFromSms(noZone, {}, sms('V 1 2 1 2024-05-01'), clock());
    expect(utc.fields.visit.date).toBe(Date.UTC(2024, 4, 1));
    const ny = createRecordFromSms(noZone, {}, sms('V 1 2 1 2024-05-01'), new ManualClock(NOW, 'America/New_York'));
    expect(ny.fields.visit.date).toBe(Date.UTC(2024, 4, 1, 4));
  });

  it('stores an impossible date as null, as CouchDB stores NaN', () => {
    expect(createRecordFromSms(settings(), {}, sms('V #id 1 #vd 2024-13-45'), clock()).fields).toEqual({ patient_id: '1' });
    expect(createRecordFromSms(settings(), {}, sms('V 1 2 1 someday'), clock()).fields.visit).toEqual({ date: null });
  });

  it('uses a field called locale for the error texts', () => {
    const def = { meta: { code: 'L' }, fields: { locale: { type: 'string' }, x: { type: 'integer', required: true } } };
    const translations = { sw: { 'sys.missing_fields': 'Hakuna: {{fields}}' } };
    const record = createRecordFromSms({ forms: { L: def } }, translations, sms('L sw'), clock());
    expect(record.errors).toEqual([{ code: 'sys.missing_fields', message: 'Hakuna: x' }]);
  });
});

describe('reported_date', () => {
  const at = (sent_timestamp: unknown) =>
    createRecordFromSms(settings(), {}, sms('hello', { sent_timestamp: sent_timestamp as string }), clock()).reported_date;

  it('takes a number as-is and text of 13+ digits through Number()', () => {
    expect(at(1714557600000)).toBe(1714557600000);
    expect(at('1714557600000')).toBe(1714557600000);
  });

  it('parses other text as a date (zone-less in the engine zone)', () => {
    expect(at('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(at('2024-05-01 10:00')).toBe(Date.UTC(2024, 4, 1, 7));
  });

  it('falls back to now for a missing, zero or unreadable timestamp', () => {
    expect(at(undefined)).toBe(NOW);
    expect(at(0)).toBe(NOW);
    expect(at('yesterday')).toBe(NOW);
    expect(at('x12345678901234')).toBe(NOW); // 13+ digits somewhere: Number() gives NaN
  });

  it('parseSentTimestamp', () => {
    expect(parseSentTimestamp(5, 'UTC')).toBe(5);
    expect(parseSentTimestamp(undefined, 'UTC')).toBeUndefined();
    expect(parseSentTimestamp('nope', 'UTC')).toBeNaN();
  });
});

describe('readSms', () => {
  it('tells how the message was read and what CHT would only log', () => {
    const reading = readSms(settings(), {}, sms('V 12345 3 9'), clock());
    expect(reading.format).toBe('compact');
    expect(reading.record.fields.danger).toBeNull();
    expect(reading.warnings).toEqual(['danger: "9" is not in the field\'s list']);
    expect(readSms(settings(), {}, sms('hi'), clock()).format).toBe('none');
  });
});
