/** validate(): the list runner, its error shapes and messages (spec 2.7), and how addErrors uses them (2.6). */
import type { Doc } from '../../../lib/types';
import { validate } from '../../../lib/validation';
import { makeEnv, NOW } from './helpers';

const doc = (extra: Partial<Doc> = {}): Doc => ({ _id: 'r', type: 'data_record', form: 'X', reported_date: NOW, from: '+123', ...extra });
const cfg = (list: any[], join?: boolean) => ({ validations: { list, join_responses: join } });

describe('validate', () => {
  it('returns no errors without validations or list', async () => {
    expect(await validate(undefined, doc(), makeEnv())).toEqual([]);
    expect(await validate({}, doc(), makeEnv())).toEqual([]);
    expect(await validate({ validations: {} }, doc(), makeEnv())).toEqual([]);
  });

  it('gives one error per failed rule, in list order, with code invalid_<property>', async () => {
    const list = [
      { property: 'patient_id', rule: 'regex("\\w{5}")', message: [{ content: 'patient id should be 5 characters', locale: 'en' }] },
      { property: 'patient_name', rule: 'lenMin(5) && lenMax(50)', message: [{ content: 'name 5 to 50', locale: 'en' }] },
      { property: 'patient_name', rule: 'required', message: 'name required' },
      { property: 'patient_name', rule: "equals('x')", message: 'second failure on the same property' },
    ];
    // top-level properties are validated too (patient_id "123")
    const errors = await validate(cfg(list), doc({ patient_id: '123', fields: { patient_name: 'sam' } }), makeEnv());
    expect(errors).toEqual([
      { code: 'invalid_patient_id', message: 'patient id should be 5 characters' },
      { code: 'invalid_patient_name', message: 'name 5 to 50' },
      { code: 'invalid_patient_name', message: 'second failure on the same property' },
    ]);
  });

  it('validates the doc merged with its fields, fields winning', async () => {
    const list = [{ property: 'n', rule: 'equals(2)', message: 'two' }];
    expect(await validate(cfg(list), doc({ n: 1, fields: { n: 2 } }), makeEnv())).toEqual([]);
    expect(await validate(cfg(list), doc({ n: 2, fields: { n: 1 } }), makeEnv())).toHaveLength(1);
  });

  it('substitutes "" for a missing property, visible to later rules', async () => {
    const list = [
      { property: 'a', rule: 'optional()', message: 'never' },
      // without the substitution, undefined.length would throw
      { property: 'b', rule: "otherLenMax('a', 0)", message: 'a is not the empty string' },
    ];
    expect(await validate(cfg(list), doc({ b: 'x' }), makeEnv())).toEqual([]);
  });

  it('does not mutate the doc', async () => {
    const d = doc({ fields: {} });
    await validate(cfg([{ property: 'a', rule: 'required', message: 'm' }]), d, makeEnv());
    expect(d).not.toHaveProperty('a');
    expect(d.fields).toEqual({});
  });

  describe('messages', () => {
    const failing = (extra: object) => cfg([{ property: 'p', rule: 'required', ...extra }]);
    const translations = { en: { 'v.p': 'P is required {{p}}' }, fr: { 'v.p': 'P est requis' } };

    it('translates translation_key in the doc locale', async () => {
      const env = makeEnv({ translations });
      expect(await validate(failing({ translation_key: 'v.p' }), doc(), env)).toEqual([{ code: 'invalid_p', message: 'P is required {{p}}' }]);
      expect(await validate(failing({ translation_key: 'v.p' }), doc({ locale: 'fr' }), env)).toEqual([{ code: 'invalid_p', message: 'P est requis' }]);
    });

    it('falls back to settings.locale_outgoing / locale', async () => {
      const env = makeEnv({ translations, settings: { locale_outgoing: 'fr' } });
      expect(await validate(failing({ translation_key: 'v.p' }), doc(), env)).toEqual([{ code: 'invalid_p', message: 'P est requis' }]);
    });

    it('uses the legacy message: a string verbatim, else the locale entry, else the first', async () => {
      const entries = [
        { locale: 'sw', content: 'Inahitajika' },
        { locale: 'fr', content: 'Requis' },
      ];
      expect(await validate(failing({ message: 'raw {{p}}' }), doc(), makeEnv())).toEqual([{ code: 'invalid_p', message: 'raw {{p}}' }]);
      expect(await validate(failing({ message: entries }), doc({ locale: 'fr' }), makeEnv())).toEqual([{ code: 'invalid_p', message: 'Requis' }]);
      expect(await validate(failing({ message: entries }), doc(), makeEnv())).toEqual([{ code: 'invalid_p', message: 'Inahitajika' }]);
    });

    it('has no message without message or translation_key (a plural messages alone does not count)', async () => {
      expect(await validate(failing({}), doc(), makeEnv())).toEqual([{ code: 'invalid_p', message: undefined }]);
      expect(await validate(failing({ messages: [{ locale: 'en', content: 'x' }] }), doc(), makeEnv())).toEqual([{ code: 'invalid_p', message: undefined }]);
    });
  });

  describe('exceptions', () => {
    it('turns a syntax error in any rule into the single string error, with the parser position', async () => {
      const list = [
        { property: 'a', rule: 'required', message: 'a' },
        { property: 'phone', rule: 'regex(bad no quotes)' },
      ];
      expect(await validate(cfg(list), doc(), makeEnv())).toEqual(['Error on pupil validations: {"message":"Unexpected identifier","pos":2}']);
    });

    it('turns a runtime exception into the single string error with {} (native errors serialise empty)', async () => {
      const list = [{ property: 'n', rule: "iequals('x')", message: 'm' }];
      expect(await validate(cfg(list), doc({ n: 5 }), makeEnv())).toEqual(['Error on pupil validations: {}']);
    });

    it('reports a broken list or rule the same way', async () => {
      expect(await validate({ validations: { list: {} as any } }, doc(), makeEnv())).toEqual(['Error on pupil validations: {}']);
      expect(await validate(cfg([null]), doc(), makeEnv())).toEqual(['Error on pupil validations: {}']);
      expect(await validate(cfg([{ property: 'a' }]), doc(), makeEnv())).toEqual(['Error on pupil validations: {}']);
    });

    it('hides the details of a failing lookup (uniquePhone propagates its error)', async () => {
      const env = makeEnv();
      env.lookups.contactsByPhone = async () => {
        throw Object.assign(new Error('boom'), { request: { uri: 'http://admin:secret@couch/medic' } });
      };
      const list = [{ property: 'phone', rule: "uniquePhone('phone')", message: 'm' }];
      expect(await validate(cfg(list), doc({ phone: '+1' }), env)).toEqual(['Error on pupil validations: {}']);
    });
  });
});
