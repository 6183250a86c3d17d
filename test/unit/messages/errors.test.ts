import { addError, addMessageError } from '../../../lib/messages/errors';
import type { MessageEnv } from '../../../lib/messages/generate';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc } from '../../../lib/types';
import { lineage, report, T0 } from './fixtures';

const env: MessageEnv = { settings: {}, translations: { en: { 'err.k': 'Translated {{patient_id}}' } }, clock: new ManualClock(T0) };

describe('addError, the library helper (2.5)', () => {
  it('turns a string into an invalid_report error', () => {
    const doc: Doc = { _id: 'd' };
    expect(addError(doc, 'Boom')).toBe(true);
    expect(doc.errors).toEqual([{ code: 'invalid_report', message: 'Boom' }]);
  });

  it('gives objects without code invalid_report and drops objects without message', () => {
    const doc: Doc = { _id: 'd' };
    addError(doc, { message: 'no code' });
    addError(doc, { code: 'x' });
    expect(doc.errors).toEqual([{ code: 'invalid_report', message: 'no code' }]);
  });

  it('deduplicates by code', () => {
    const doc: Doc = { _id: 'd' };
    addError(doc, { code: 'invalid_patient_id', message: 'first' });
    expect(addError(doc, { code: 'invalid_patient_id', message: 'second' })).toBe(false);
    addError(doc, 'a');
    addError(doc, 'b');
    expect(doc.errors).toEqual([
      { code: 'invalid_patient_id', message: 'first' },
      { code: 'invalid_report', message: 'a' },
    ]);
  });
});

describe('addMessageError, the message-level helper (2.5)', () => {
  it('renders the text as a template with the doc and context', () => {
    const { patient } = lineage();
    const doc = report();
    addMessageError(env, doc, { code: 'invalid_patient_id', message: 'Bad id {{patient_id}} for {{patient_name}}' }, { patient });
    expect(doc.errors).toEqual([{ code: 'invalid_patient_id', message: 'Bad id 12348 for Mary' }]);
  });

  it('writes the rendered text back onto the given error object', () => {
    const error = { code: 'c', message: 'id {{patient_id}}' };
    addMessageError(env, report(), error);
    expect(error.message).toBe('id 12348');
  });

  it('turns a string into { message } with code invalid_report', () => {
    const doc = report();
    addMessageError(env, doc, 'Form {{form}} rejected');
    expect(doc.errors).toEqual([{ code: 'invalid_report', message: 'Form V rejected' }]);
  });

  it('gives an object without message "Error: <JSON>"', () => {
    const doc = report();
    addMessageError(env, doc, { code: 'invalid_patient_id' });
    expect(doc.errors).toEqual([{ code: 'invalid_patient_id', message: 'Error: {"code":"invalid_patient_id"}' }]);
  });

  it('honours a translation key on the error', () => {
    const doc = report();
    addMessageError(env, doc, { code: 'k', translation_key: 'err.k', message: 'unused' });
    expect(doc.errors![0]).toMatchObject({ code: 'k', message: 'Translated 12348' });
  });

  it('turns template exceptions into parse_error', () => {
    const doc = report();
    addMessageError(env, doc, { code: 'c', message: 'oops {{#open}}' });
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors![0].code).toBe('parse_error');
    expect(doc.errors![0].message).toMatch(/^Unclosed section "open" at \d+: \{"code":"c","message":"oops \{\{#open\}\}"\}$/);
  });
});
