import { getFormCode, resolveForm } from '../../../forms/form-code';
import { visitForm } from './fixtures';

describe('getFormCode (7.2 step 1)', () => {
  it('takes the leading run up to whitespace or one of ! - , : #, upper-cased', () => {
    expect(getFormCode('v 12345')).toBe('V');
    expect(getFormCode('  anc#id 1')).toBe('ANC');
    expect(getFormCode('P-1 2')).toBe('P');
    expect(getFormCode('p,1')).toBe('P');
    expect(getFormCode('reg:1')).toBe('REG');
    expect(getFormCode('reg!1')).toBe('REG');
    expect(getFormCode('\u200Bv 1')).toBe('\u200BV');
  });

  it('reads the second !-separated token of a Muvuku message, untrimmed', () => {
    expect(getFormCode('1!v!1#2')).toBe('V');
    expect(getFormCode('J1!anc!id#1')).toBe('ANC');
    // any text with two or more "!" is taken for Muvuku
    expect(getFormCode('V 1! hi! there')).toBe(' HI');
  });

  it('is undefined for blank text and non-strings', () => {
    expect(getFormCode('')).toBeUndefined();
    expect(getFormCode('   ')).toBeUndefined();
    expect(getFormCode('#')).toBeUndefined();
    expect(getFormCode(undefined)).toBeUndefined();
    expect(getFormCode(42)).toBeUndefined();
  });
});

describe('resolveForm', () => {
  const settings = { forms: { V: visitForm() } };

  it('finds the form by its code', () => {
    const r = resolveForm(settings, 'V 1');
    expect(r.code).toBe('V');
    expect(r.def).toBe(settings.forms.V);
    expect(r.message).toBe('V 1');
  });

  it('retries without zero-width characters and puts the clean code in the message to parse', () => {
    for (const zw of ['\u200B', '\u200C', '\u200D']) {
      const r = resolveForm(settings, `V${zw} 12345`);
      expect(r.code).toBe('V');
      expect(r.def).toBe(settings.forms.V);
      expect(r.message).toBe('V 12345');
    }
  });

  it('needs no retry for U+FEFF, which JS counts as whitespace', () => {
    expect(resolveForm(settings, 'V\uFEFF 12345')).toEqual({ code: 'V', def: settings.forms.V, message: 'V\uFEFF 12345' });
  });

  it('also cleans a lower-case code (vigil: CHT replaces the upper-cased code only)', () => {
    expect(resolveForm(settings, 'v\u200B 12345').message).toBe('V 12345');
  });

  it('keeps the code of an unknown form, and ignores inherited properties', () => {
    expect(resolveForm(settings, 'hello there')).toEqual({ code: 'HELLO', def: undefined, message: 'hello there' });
    expect(resolveForm({ forms: {} }, 'constructor 1').def).toBeUndefined();
    expect(resolveForm({}, 'V 1').def).toBeUndefined();
  });
});
