import { getMessage, addMessageContent } from '../../../lib/messages/content';
import { getLocale } from '../../../lib/messages/locale';
import { buildTranslations, translate } from '../../../lib/messages/translations';

const translations = {
  en: { hello: ' Hello ', only_en: 'English only', empty_fr: 'English for empty' },
  fr: { hello: 'Bonjour', empty_fr: '' },
};

describe('translate (5.5)', () => {
  it('uses the locale, then English, then the key; trimmed', () => {
    expect(translate(translations, 'hello', 'fr')).toBe('Bonjour');
    expect(translate(translations, 'hello', 'en')).toBe('Hello');
    expect(translate(translations, 'only_en', 'fr')).toBe('English only');
    expect(translate(translations, 'only_en', 'sw')).toBe('English only');
    expect(translate(translations, ' missing.key ', 'fr')).toBe('missing.key');
  });

  it('treats an empty translation as missing', () => {
    expect(translate(translations, 'empty_fr', 'fr')).toBe('English for empty');
  });

  it('does not find inherited object properties', () => {
    expect(translate(translations, 'constructor', 'fr')).toBe('constructor');
  });
});

describe('buildTranslations', () => {
  it('merges custom over generic per locale and substitutes ${key}', () => {
    const result = buildTranslations([
      {
        _id: 'messages-en',
        code: 'en',
        type: 'translations',
        generic: { app: 'CHT', greet: 'Welcome to ${app}', a: '${b}', b: '${a}', unknown: 'x ${nope}' },
        custom: { app: 'Vigil', extra: 'Hi from ${ app }' },
      },
      { _id: 'messages-sw', type: 'translations', generic: { greet: 'Karibu' }, custom: { n: 5 as unknown as string } },
      { _id: 'other', generic: { x: 'y' } },
      undefined,
    ]);
    expect(result.en.greet).toBe('Welcome to Vigil');
    expect(result.en.extra).toBe('Hi from Vigil');
    expect(result.en.unknown).toBe('x ${nope}');
    expect(result.en.a).toBe('${a}'); // a cycle stays literal
    expect(result.sw).toEqual({ greet: 'Karibu' });
    expect(Object.keys(result).sort()).toEqual(['en', 'sw']);
  });

  it('reads the legacy `values` when there is no `generic`', () => {
    expect(buildTranslations([{ code: 'fr', values: { a: 'b' } }])).toEqual({ fr: { a: 'b' } });
  });
});

describe('getLocale (5.5)', () => {
  const settings = { locale_outgoing: 'sw', locale: 'fr' };
  it('follows doc.locale → sms_message.locale → locale_outgoing → locale → en', () => {
    expect(getLocale(settings, { locale: 'ne', sms_message: { locale: 'hi' } })).toBe('ne');
    expect(getLocale(settings, { sms_message: { locale: 'hi' } })).toBe('hi');
    expect(getLocale(settings, {})).toBe('sw');
    expect(getLocale({ locale: 'fr' }, {})).toBe('fr');
    expect(getLocale({}, {})).toBe('en');
  });
});

describe('getMessage (5.2)', () => {
  const t = { en: { 'k.x': 'Translated' }, fr: { 'k.x': 'Traduit' } };
  const array = [
    { locale: 'en', content: ' English ' },
    { locale: 'fr', content: ' Français ' },
  ];

  it('prefers translation_key (or translationKey)', () => {
    expect(getMessage({ translation_key: 'k.x', message: 'ignored' }, t, 'fr')).toBe('Traduit');
    expect(getMessage({ translationKey: 'k.x' }, t, 'en')).toBe('Translated');
  });

  it('picks the array entry for the locale, else the first, trimmed', () => {
    expect(getMessage({ messages: array }, t, 'fr')).toBe('Français');
    expect(getMessage({ message: array }, t, 'sw')).toBe('English');
  });

  it('checks `messages` before `message` and uses strings verbatim', () => {
    expect(getMessage({ messages: ' plural ', message: 'singular' }, t, 'en')).toBe(' plural ');
    expect(getMessage({ message: ' as is ' }, t, 'en')).toBe(' as is ');
  });

  it('gives an empty string when there is no content', () => {
    expect(getMessage({}, t, 'en')).toBe('');
    expect(getMessage(undefined, t, 'en')).toBe('');
    expect(getMessage({ message: [{ locale: 'en' }] }, t, 'en')).toBe('');
  });

  it('addMessage only forwards translation_key and message (the plural is dropped)', () => {
    const config = { messages: array, recipient: 'x', event_type: 'report_accepted' };
    const content = addMessageContent(config);
    expect(getMessage(content, t, 'en')).toBe('');
    expect(getMessage(config, t, 'en')).toBe('English');
  });
});
