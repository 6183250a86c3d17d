import { defaultLocale, translateLabel } from '../../../forms/labels';

const translations = { en: { wt: 'weight' }, fr: { wt: 'poids' } };

describe('translateLabel (7.1 labels)', () => {
  it('looks a string label up as a translation key, falling back to English then the label', () => {
    expect(translateLabel('wt', translations, 'fr')).toBe('poids');
    expect(translateLabel('wt', translations, 'sw')).toBe('weight');
    expect(translateLabel('id', translations, 'fr')).toBe('id');
    expect(translateLabel(7, translations, 'en')).toBe('7');
  });

  it('resolves a locale map: the locale, then default, then en, then the first value', () => {
    expect(translateLabel({ en: 'id', fr: 'ident' }, {}, 'fr')).toBe('ident');
    expect(translateLabel({ en: 'id', default: 'dflt' }, {}, 'fr')).toBe('dflt');
    expect(translateLabel({ sw: 'kit', en: 'id' }, {}, 'fr')).toBe('id');
    expect(translateLabel({ sw: 'kit', ne: 'x' }, {}, 'fr')).toBe('kit');
  });

  it('resolves { translations: [{ locale, content }] }', () => {
    const label = { translations: [{ locale: 'sw', content: 'kit' }, { locale: 'en', content: 'id' }, { locale: 'fr', content: 'ident' }] };
    expect(translateLabel(label, {}, 'fr')).toBe('ident');
    expect(translateLabel(label, {}, 'ne')).toBe('id');
    expect(translateLabel({ translations: [{ locale: 'sw', content: 'kit' }] }, {}, 'ne')).toBe('kit');
  });

  it('is undefined when there is no usable label', () => {
    expect(translateLabel(undefined, translations, 'en')).toBeUndefined();
    expect(translateLabel('', translations, 'en')).toBeUndefined();
    expect(translateLabel({}, translations, 'en')).toBeUndefined();
    expect(translateLabel({ en: { nested: 1 } }, translations, 'en')).toBeUndefined();
  });
});

describe('defaultLocale', () => {
  it('is settings.locale, else en', () => {
    expect(defaultLocale({ locale: 'fr' })).toBe('fr');
    expect(defaultLocale({})).toBe('en');
  });
});
