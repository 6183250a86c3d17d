import { withDefaultTranslations } from '../../../forms/error-text';
import type { FormDef } from '../../../forms/definition';
import { parseFormData, stripFormCode, type ParseEnv } from '../../../forms/parse';
import { settings, visitForm } from './fixtures';

const env = (extra: Partial<ParseEnv> = {}): ParseEnv => ({
  settings: settings(),
  translations: withDefaultTranslations({}),
  zone: 'Africa/Nairobi',
  ...extra,
});
const MIDNIGHT_NAIROBI = Date.UTC(2024, 3, 30, 21);

describe('stripFormCode', () => {
  it('removes the code (any case, after leading spaces) and the separators after it', () => {
    expect(stripFormCode('V', '  v!-,:# 12')).toBe('12');
    expect(stripFormCode('V', 'X 12')).toBe('X 12');
    expect(stripFormCode(undefined, 'V 12')).toBe('V 12');
    expect(stripFormCode('A.B', 'AxB 1')).toBe('AxB 1');
  });
});

describe('parseFormData (7.2)', () => {
  it('compact: typed values, dotted keys nested, only fields with a value present', () => {
    const res = parseFormData(visitForm(), 'V 12345 3 2 2024-05-01', env());
    expect(res.format).toBe('compact');
    expect(res.data).toEqual({ patient_id: '12345', weight: 3, danger: 'Fever', visit: { date: MIDNIGHT_NAIROBI } });
    expect(Object.keys(res.data)).toEqual(['patient_id', 'weight', 'danger', 'visit']);
  });

  it('full textforms: tiny labels to keys, numbers typed before the field types apply', () => {
    const res = parseFormData(visitForm(), 'V #ID 12345 #WT 3.5 #VD 2024-05-01 #n 123', env());
    expect(res.format).toBe('textforms');
    // patient_id becomes text; the note stays a number (and fails the string type check later)
    expect(res.data).toEqual({ patient_id: '12345', weight: 3.5, visit: { date: Date.UTC(2024, 4, 1) }, note: 123 });
  });

  it('full textforms without #: ID 12345 WT 3', () => {
    expect(parseFormData(visitForm(), 'V ID 12345 WT 3', env()).data).toEqual({ patient_id: '12345WT 3' });
  });

  it('keeps a typed 0 (textforms deliver it as "0")', () => {
    expect(parseFormData(visitForm(), 'V #wt 0', env()).data).toEqual({ weight: 0 });
  });

  it('reads labels in the message locale', () => {
    expect(parseFormData(visitForm(), 'V ident 12345', env({ locale: 'fr' })).data).toEqual({ patient_id: '12345' });
    expect(parseFormData(visitForm(), 'V ident 12345', env()).format).toBe('compact');
  });

  it('muvuku: every field set, missing ones undefined, empty ones null', () => {
    const res = parseFormData(visitForm(), '1!V!12345##1', env());
    expect(res.format).toBe('muvuku');
    expect(res.data).toEqual({ patient_id: '12345', weight: null, danger: 'Bleeding', visit: { date: undefined }, phone: undefined, note: undefined });
    expect(Object.keys(res.data)).toEqual(['patient_id', 'weight', 'danger', 'visit', 'phone', 'note']);
    expect(res.extraFields).toBe(false);
  });

  it('muvuku: extra values are flagged', () => {
    expect(parseFormData(visitForm(), '1!V!1#2#1#2024-05-01#0712345678#x#y', env()).extraFields).toBe(true);
  });

  it('javarosa: pairs matched by tiny label in the default locale', () => {
    const res = parseFormData(visitForm(), 'J1!V!id#12\\#3#ph#0712345678', env({ locale: 'fr' }));
    expect(res.format).toBe('javarosa');
    expect(res.data).toEqual({ patient_id: '12#3', phone: '+254712345678', visit: {} });
  });

  it('another Muvuku prefix reads nothing', () => {
    const res = parseFormData(visitForm(), 'X1!V!12345#3', env());
    expect(res.format).toBe('unsupported');
    expect(res.data).toEqual({});
  });

  it('reads nothing without a message or fields', () => {
    expect(parseFormData(visitForm(), '', env()).data).toEqual({});
    expect(parseFormData({ meta: { code: 'V' } }, 'V 1', env()).data).toEqual({});
  });

  it('Devanagari digits in compact values', () => {
    expect(parseFormData(visitForm(), 'V १२३४५ ३', env()).data).toEqual({ patient_id: '12345', weight: 3 });
  });

  it('a form whose last field is a string takes the rest of the message', () => {
    const def: FormDef = { meta: { code: 'N' }, fields: { id: { type: 'string' }, text: { type: 'string' } } };
    expect(parseFormData(def, 'N 42 all is well', env()).data).toEqual({ id: '42', text: 'all is well' });
  });

  it('warns about a bsAggreDate field it cannot compute', () => {
    const def: FormDef = { meta: { code: 'B' }, fields: { y: { type: 'bsYear' }, d: { type: 'bsAggreDate' } } };
    const res = parseFormData(def, 'B २०८१', env());
    expect(res.data).toEqual({ y: '2081' });
    expect(res.warnings).toEqual([expect.stringContaining('bsAggreDate is not computed')]);
  });
});
