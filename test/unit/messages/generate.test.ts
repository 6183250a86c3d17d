import { generate, MESSAGE_ERRORS, type MessageEnv } from '../../../lib/messages/generate';
import { ManualClock } from '../../../lib/time/clock';
import type { Settings, Translations } from '../../../lib/types';
import { lineage, PHONES, report, T0 } from './fixtures';

function env(settings: Settings = {}, translations: Translations = {}): MessageEnv {
  return { settings, translations, clock: new ManualClock(T0, 'UTC') };
}

describe('generate (5.3)', () => {
  it('produces one message with a uuid v7 carrying the clock time, the recipient and the rendered text', () => {
    const { patient } = lineage();
    const { message, recipient } = generate(
      env({}, { en: { thanks: 'Thank you {{contact.name}}, visit for {{patient_name}} ({{patient_id}}) recorded.' } }),
      report(),
      { translation_key: 'thanks' },
      'reporting_unit',
      { patient },
    );
    expect(message).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      to: PHONES.sender,
      message: 'Thank you Wanjiku, visit for Mary (12348) recorded.',
    });
    expect(message.uuid.replace(/-/g, '').slice(0, 12)).toBe(T0.toString(16).padStart(12, '0'));
    expect(recipient.via).toBe('rule');
  });

  it('renders in the doc locale', () => {
    const translations = { en: { k: 'Hello' }, fr: { k: 'Bonjour' } };
    expect(generate(env({}, translations), report({ locale: 'fr' }), { translation_key: 'k' }, undefined).message.message).toBe('Bonjour');
    expect(generate(env({ locale: 'fr' }, translations), report(), { translation_key: 'k' }, undefined).message.message).toBe('Bonjour');
  });

  it('flags an empty text, and a missing translation (text = key), without a message property', () => {
    const empty = generate(env(), report(), { message: '{{nothing}}' }, 'reporting_unit').message;
    expect(empty).toEqual({ uuid: expect.any(String), to: PHONES.sender, error: MESSAGE_ERRORS.empty });
    expect(empty).not.toHaveProperty('message');
    const untranslated = generate(env(), report(), { translation_key: 'no.such.key' }, 'reporting_unit').message;
    expect(untranslated.error).toBe('messages.errors.message.empty');
    expect(untranslated).not.toHaveProperty('message');
  });

  it('keeps the text but flags registrations passed without their patient or place', () => {
    const registration = { _id: 'reg', form: 'P', fields: {} };
    const noPatient = generate(env(), report(), { message: 'Hi' }, 'reporting_unit', { registrations: [registration] }).message;
    expect(noPatient).toMatchObject({ message: 'Hi', error: 'messages.errors.patient.missing' });
    const noPlace = generate(env(), report(), { message: 'Hi' }, 'reporting_unit', { placeRegistrations: [registration] }).message;
    expect(noPlace).toMatchObject({ message: 'Hi', error: 'messages.errors.place.missing' });
    const { patient } = lineage();
    expect(generate(env(), report(), { message: 'Hi' }, 'reporting_unit', { patient, registrations: [registration] }).message).not.toHaveProperty('error');
  });

  it('truncates to multipart_sms_limit and keeps the original text', () => {
    const text = 'z'.repeat(200);
    const { message } = generate(env({ multipart_sms_limit: 1 }), report(), { message: text }, 'reporting_unit');
    expect(message.message).toBe('z'.repeat(150) + '...');
    expect(message.original_message).toBe(text);
  });

  it('rewrites the recipient phone', () => {
    const settings = { outgoing_phone_replace: { match: '+254', replace: '0' } };
    expect(generate(env(settings), report(), { message: 'x' }, 'reporting_unit').message.to).toBe('0700000001');
  });

  it('omits `to` when nobody can be found', () => {
    const { message, recipient } = generate(env(), report({ from: undefined, contact: undefined }), { message: 'x' }, undefined);
    expect(message).not.toHaveProperty('to');
    expect(recipient.via).toBe('none');
  });

  it('throws on template errors', () => {
    expect(() => generate(env(), report(), { message: '{{#a}}' }, 'reporting_unit')).toThrow(/Unclosed section/);
    // a legacy non-string, non-array message cannot be rendered either
    expect(() => generate(env(), report(), { message: 42 as unknown as string }, 'reporting_unit')).toThrow(/Invalid template/);
  });
});
