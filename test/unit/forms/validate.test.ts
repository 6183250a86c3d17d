import { interpolate, withDefaultTranslations } from '../../../forms/error-text';
import type { FormDef } from '../../../forms/definition';
import { smsErrors, translateErrors, validateFormData } from '../../../forms/validate';

const def: FormDef = {
  fields: {
    a: { type: 'integer', required: true },
    b: { type: 'string' },
    c: { type: 'boolean' },
    d: { type: 'complex' },
    e: { type: 'integer', list: [[1, 'one']] },
    f: { type: 'date' },
    'g.h': { type: 'string', required: true },
    i: { type: 'string', required: true },
  },
};

describe('validateFormData (7.3)', () => {
  it('reports required fields that are missing or null in one sys.missing_fields', () => {
    expect(validateFormData(def, { a: null, i: 'x' })).toEqual([{ code: 'sys.missing_fields', ctx: { fields: ['a', 'g.h'] } }]);
  });

  it('always reports a required dotted field missing: the flat key is looked up in nested data (CHT quirk)', () => {
    expect(validateFormData(def, { a: 1, i: 'x', g: { h: 'here' } })).toEqual([{ code: 'sys.missing_fields', ctx: { fields: ['g.h'] } }]);
  });

  it('type-checks present fields without a list, one error per field, in field order', () => {
    const errors = validateFormData(def, { a: 1.5, b: 123, c: 'true', d: 'flat', e: 'one', f: 'not checked', 'g.h': 'x', i: ['x'] });
    expect(errors).toEqual([
      { code: 'sys.incorrect_type', ctx: { expectedType: 'integer', key: 'a' } },
      { code: 'sys.incorrect_type', ctx: { expectedType: 'string', key: 'b' } },
      { code: 'sys.incorrect_type', ctx: { expectedType: 'boolean', key: 'c' } },
      { code: 'sys.incorrect_type', ctx: { expectedType: 'complex', key: 'd' } },
      { code: 'sys.incorrect_type', ctx: { expectedType: 'string', key: 'i' } },
    ]);
  });

  it('accepts correct types', () => {
    expect(validateFormData(def, { a: 2, b: 'x', c: false, d: { x: 1 }, 'g.h': 'x', i: 'y' })).toEqual([]);
  });

  it('puts type errors before sys.missing_fields', () => {
    expect(validateFormData(def, { b: 1 }).map((e) => e.code)).toEqual(['sys.incorrect_type', 'sys.missing_fields']);
  });
});

describe('smsErrors order', () => {
  it('type errors, sys.missing_fields, extra_fields', () => {
    const codes = smsErrors({ def, data: { b: 1 }, extraFields: true, message: '1!X!…' }).map((e) => e.code);
    expect(codes).toEqual(['sys.incorrect_type', 'sys.missing_fields', 'extra_fields']);
  });

  it('sys.empty then sys.form_not_found for a blank message in forms_only_mode', () => {
    expect(smsErrors({ message: '  ', formsOnlyMode: true })).toEqual([
      { code: 'sys.empty' },
      { code: 'sys.form_not_found', ctx: { form: undefined } },
    ]);
  });

  it('no sys.form_not_found without forms_only_mode, nor when the form exists', () => {
    expect(smsErrors({ message: 'hello', formCode: 'HELLO' })).toEqual([]);
    expect(smsErrors({ def: { fields: {} }, data: {}, message: 'V', formCode: 'V', formsOnlyMode: true })).toEqual([]);
  });
});

describe('error texts', () => {
  const translations = withDefaultTranslations({ fr: { 'sys.missing_fields': 'Champs manquants : {{fields}}.' } });

  it('translates in the locale with {{ctx}} interpolation, English defaults otherwise', () => {
    const errors = [
      { code: 'sys.missing_fields', ctx: { fields: ['a', 'b'] } },
      { code: 'sys.incorrect_type', ctx: { expectedType: 'integer', key: 'a' } },
      { code: 'sys.form_not_found', ctx: { form: 'XX' } },
      { code: 'extra_fields' },
      { code: 'sys.empty' },
    ];
    expect(translateErrors(errors, translations, 'fr')).toEqual([
      { code: 'sys.missing_fields', message: 'Champs manquants : a,b.' },
      { code: 'sys.incorrect_type', message: 'Incorrect type for field a: expected integer.' },
      { code: 'sys.form_not_found', message: 'Form "XX" not found.' },
      { code: 'extra_fields', message: 'Extra fields.' },
      { code: 'sys.empty', message: 'Message appears empty.' },
    ]);
  });

  it('keeps the callers own English texts over the defaults', () => {
    const own = withDefaultTranslations({ en: { 'sys.empty': 'Nothing there' } });
    expect(translateErrors([{ code: 'sys.empty' }], own, 'en')).toEqual([{ code: 'sys.empty', message: 'Nothing there' }]);
  });

  it('interpolates like CHT: undefined prints nothing, an unknown name keeps the raw text', () => {
    expect(interpolate('Form "{{form}}" not found.', { form: undefined })).toBe('Form "" not found.');
    expect(interpolate('{{ a.b }}/{{c}}', { a: { b: 1 }, c: null })).toBe('1/');
    expect(interpolate('Hi {{name}} {{x}}', { name: 'A' })).toBe('Hi {{name}} {{x}}');
    expect(interpolate('{{a + 1}}', { a: 1 })).toBe('{{a + 1}}');
  });
});
