import { convertField, type ConvertEnv } from '../../../forms/convert';
import type { FieldDef } from '../../../forms/definition';
import { labelTranslator } from '../../../forms/labels';

function env(settings: Record<string, unknown> = {}, locale = 'en'): ConvertEnv & { warnings: string[] } {
  return {
    settings: { default_country_code: 254, ...settings },
    defaultLabel: labelTranslator({ fr: { 'label.fever': 'Fièvre' }, en: { 'label.fever': 'Fever' } }, locale),
    zone: 'Africa/Nairobi',
    warnings: [],
  };
}
const conv = (field: FieldDef, raw: unknown, key = 'f', e = env()) => convertField(field, raw, key, e);

describe('convertField (7.2 step 3)', () => {
  it('keeps undefined, turns empty text into null', () => {
    expect(conv({ type: 'integer' }, undefined)).toBeUndefined();
    expect(conv({ type: 'integer' }, '')).toBeNull();
    expect(conv({ type: 'string' }, '')).toBeNull();
  });

  it('keeps the raw value for types without a converter, even undefined', () => {
    const e = env();
    expect(conv({ type: 'complex' }, 'x', 'f', e)).toBe('x');
    expect(conv({ type: 'bsAggreDate' }, undefined, 'f', e)).toBeUndefined();
    expect(conv({ type: 'mystery' }, '12', 'f', e)).toBe('12');
    expect(conv({}, '')).toBe('');
    expect(e.warnings).toEqual([expect.stringContaining('unknown field type "mystery"')]);
  });

  describe('integer', () => {
    it('reads numbers, decimals included; non-numeric gives null', () => {
      expect(conv({ type: 'integer' }, '42')).toBe(42);
      expect(conv({ type: 'integer' }, 42)).toBe(42);
      expect(conv({ type: 'integer' }, '3.5')).toBe(3.5);
      expect(conv({ type: 'integer' }, 'abc')).toBeNull();
      expect(conv({ type: 'integer' }, '12abc')).toBeNull();
    });

    it('removes zero-width characters and converts Devanagari digits', () => {
      expect(conv({ type: 'integer' }, '4\u200B2')).toBe(42);
      expect(conv({ type: 'integer' }, '४२')).toBe(42);
    });

    it('maps a list value to its label, translated in the default locale; unknown values give null', () => {
      const field: FieldDef = { type: 'integer', list: [[1, { en: 'Bleeding', fr: 'Saignement' }], [2, 'label.fever']] };
      expect(conv(field, '1')).toBe('Bleeding');
      expect(conv(field, 1)).toBe('Bleeding');
      expect(conv(field, '1', 'f', env({}, 'fr'))).toBe('Saignement');
      expect(conv(field, '2', 'f', env({}, 'fr'))).toBe('Fièvre');
      const e = env();
      expect(conv(field, '3', 'danger', e)).toBeNull();
      expect(e.warnings).toEqual(['danger: "3" is not in the field\'s list']);
    });
  });

  describe('string', () => {
    it('keeps the raw value, a number from full textforms included', () => {
      expect(conv({ type: 'string' }, 'Mary')).toBe('Mary');
      expect(conv({ type: 'string' }, 123)).toBe(123);
    });

    it('maps a list value to its label as given; no match keeps the raw value', () => {
      const field: FieldDef = { type: 'string', list: [['a', 'Alpha'], ['b', { en: 'Beta' }]] };
      expect(conv(field, 'a')).toBe('Alpha');
      expect(conv(field, 'b\u200B')).toEqual({ en: 'Beta' });
      const e = env();
      expect(conv(field, 'c', 'f', e)).toBe('c');
      expect(e.warnings).toHaveLength(1);
    });

    it('turns patient_id and place_id into digit strings', () => {
      expect(conv({ type: 'string' }, 12345, 'patient_id')).toBe('12345');
      expect(conv({ type: 'string' }, '१२३४५\u200D', 'place_id')).toBe('12345');
      expect(conv({ type: 'string' }, '१२३', 'name')).toBe('१२३');
    });
  });

  describe('date', () => {
    it('reads YYYY-MM-DD as midnight in the engine zone', () => {
      expect(conv({ type: 'date' }, '2024-05-01')).toBe(Date.UTC(2024, 3, 30, 21));
      expect(convertField({ type: 'date' }, '2024-05-01', 'f', { ...env(), zone: 'UTC' })).toBe(Date.UTC(2024, 4, 1));
    });

    it('keeps epoch ms (full textforms dates), reads ISO with an offset as that instant', () => {
      expect(conv({ type: 'date' }, Date.UTC(2024, 4, 1))).toBe(Date.UTC(2024, 4, 1));
      expect(conv({ type: 'date' }, '2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10));
    });

    it('gives null for text that is no date', () => {
      expect(conv({ type: 'date' }, 'soon')).toBeNull();
    });
  });

  it('boolean: 1 is true, 0 false, anything else null', () => {
    expect(conv({ type: 'boolean' }, '1')).toBe(true);
    expect(conv({ type: 'boolean' }, 1)).toBe(true);
    expect(conv({ type: 'boolean' }, '0')).toBe(false);
    expect(conv({ type: 'boolean' }, '१')).toBe(true);
    expect(conv({ type: 'boolean' }, 'yes')).toBeNull();
    expect(conv({ type: 'boolean' }, '2')).toBeNull();
  });

  it('month: a number, not a list label', () => {
    expect(conv({ type: 'month', list: [[3, 'March']] }, '3')).toBe(3);
    expect(conv({ type: 'month' }, 'mar')).toBeNull();
  });

  describe('phone_number', () => {
    it('normalises to E.164 with default_country_code', () => {
      expect(conv({ type: 'phone_number' }, '0712 345 678')).toBe('+254712345678');
      expect(conv({ type: 'phone_number' }, '+1 312 555 1212')).toBe('+13125551212');
      expect(conv({ type: 'phone_number' }, '०७१२३४५६७८')).toBe('+254712345678');
      expect(conv({ type: 'phone_number' }, 712345678)).toBe('+254712345678');
    });

    it('keeps an invalid number as sent (digits standardised)', () => {
      const e = env();
      expect(conv({ type: 'phone_number' }, '12', 'ph', e)).toBe('12');
      expect(conv({ type: 'phone_number' }, '0712abc678')).toBe('0712abc678');
      expect(e.warnings).toEqual([expect.stringContaining('ph: "12" is not a valid phone number')]);
    });

    it('follows phone_validation', () => {
      // 555 numbers are possible but not valid in the US plan
      expect(conv({ type: 'phone_number' }, '5551234567', 'f', env({ default_country_code: 1 }))).toBe('5551234567');
      expect(conv({ type: 'phone_number' }, '5551234567', 'f', env({ default_country_code: 1, phone_validation: 'partial' }))).toBe('+15551234567');
      expect(conv({ type: 'phone_number' }, '12', 'f', env({ phone_validation: 'none' }))).toBe('+25412');
    });
  });

  it('bsYear, bsMonth, bsDay: digit-standardised text', () => {
    expect(conv({ type: 'bsYear' }, '२०८१')).toBe('2081');
    expect(conv({ type: 'bsMonth' }, 5)).toBe('5');
    expect(conv({ type: 'bsDay' }, '०९')).toBe('09');
  });

  it('bsDate keeps the raw value (vigil does not convert Bikram Sambat dates)', () => {
    const e = env();
    expect(conv({ type: 'bsDate' }, '2081-01-15', 'f', e)).toBe('2081-01-15');
    expect(e.warnings).toEqual([expect.stringContaining('no Bikram Sambat conversion')]);
  });
});
