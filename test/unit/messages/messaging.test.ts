import type { Doc, Task } from '../../../lib/types';
import { lineage, PHONES, report, setup, T0 } from './fixtures';

const TS = new Date(T0).toISOString();

describe('Messaging.addMessage (5.3)', () => {
  it('adds a pending task with one message, to reporting_unit by default', () => {
    const { messaging } = setup({}, { en: { ok: 'Thanks {{contact.name}}' } });
    const doc = report();
    const task = messaging.addMessage(doc, { translation_key: 'ok' });
    expect(doc.tasks).toEqual([
      {
        messages: [{ uuid: expect.any(String), to: PHONES.sender, message: 'Thanks Wanjiku' }],
        state: 'pending',
        state_history: [{ state: 'pending', timestamp: TS }],
      },
    ]);
    expect(task).toBe(doc.tasks![0]);
    expect(messaging.addMessage(doc, { message: 'x' }, undefined)!.messages![0].to).toBe(PHONES.sender);
  });

  it('uses the given recipient and context', () => {
    const { messaging } = setup();
    const { patient } = lineage();
    const task = messaging.addMessage(report(), { message: '{{patient_name}} is due' }, 'health_center', { patient });
    expect(task!.messages![0]).toMatchObject({ to: PHONES.healthCenter, message: 'Mary is due' });
  });

  it('renders a config using the plural `messages` as empty (only translation_key and message are forwarded)', () => {
    const { messaging, warnings } = setup();
    const task = messaging.addMessage(report(), { messages: [{ locale: 'en', content: 'Hello' }], event_type: 'report_accepted' });
    expect(task!.messages![0]).toEqual({ uuid: expect.any(String), to: PHONES.sender, error: 'messages.errors.message.empty' });
    expect(task!.state).toBe('pending');
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringContaining('`messages`')]);
  });

  it('marks messages for a denied sender as denied and does not count them as duplicates', () => {
    const { messaging, duplicates, clock } = setup({ outgoing_deny_list: 'safaricom' });
    const doc = report({ from: 'SAFARICOM' });
    const task = messaging.addMessage(doc, { message: 'Hi' }, '+254712345678');
    expect(task).toMatchObject({ state: 'denied', state_history: [{ state: 'denied', timestamp: TS }] });
    expect(duplicates.count('+254712345678-Hi', clock.nowMs())).toBe(0);
  });

  it('denies a message whose recipient is denied (vigil), unless denyTarget is "sender" (CHT)', () => {
    const settings = { gateway_number: '+254700000000' };
    const doc = () => report({ fields: { target: '+254700000000' } });
    const vigil = setup(settings);
    expect(vigil.messaging.addMessage(doc(), { message: 'Hi' }, 'target')!.state).toBe('denied');
    expect(vigil.warnings.map((w) => w.msg)).toContain('message denied: recipient is deny-listed');
    const cht = setup(settings, {}, { denyTarget: 'sender' });
    expect(cht.messaging.addMessage(doc(), { message: 'Hi' }, 'target')!.state).toBe('pending');
    // both targets still deny what CHT denies: the sender
    const fromGateway = report({ from: '+254700000000' });
    expect(cht.messaging.addMessage(fromGateway, { message: 'Hi' }, '+254712345678')!.state).toBe('denied');
    expect(setup(settings, {}, { denyTarget: 'recipient' }).messaging.addMessage(fromGateway, { message: 'Hi' }, '+254712345678')!.state).toBe('pending');
  });

  it('marks the 6th identical message within 30 minutes as duplicate', () => {
    const { messaging, clock } = setup();
    const states: string[] = [];
    for (let i = 0; i < 6; i++) {
      states.push(messaging.addMessage(report({ _id: `r${i}` }), { message: 'Same' })!.state!);
      clock.advance(60 * 1000);
    }
    expect(states).toEqual(['pending', 'pending', 'pending', 'pending', 'pending', 'duplicate']);
    clock.advance(30 * 60 * 1000);
    expect(messaging.addMessage(report(), { message: 'Same' })!.state).toBe('pending');
  });

  it('reads the duplicate limit from settings.sms.duplicate_limit', () => {
    const { messaging } = setup({ sms: { duplicate_limit: '1' } });
    expect(messaging.addMessage(report(), { message: 'x' })!.state).toBe('pending');
    expect(messaging.addMessage(report(), { message: 'x' })!.state).toBe('duplicate');
  });

  it('with unique, returns an existing task with the same recipient and text and adds nothing', () => {
    const { messaging, duplicates, clock } = setup();
    const doc = report();
    const first = messaging.addMessage(doc, { message: 'Once' });
    const again = messaging.addMessage(doc, { message: 'Once' }, 'reporting_unit', undefined, true);
    expect(again).toBe(first);
    expect(doc.tasks).toHaveLength(1);
    expect(duplicates.count(`${PHONES.sender}-Once`, clock.nowMs())).toBe(1);
    messaging.addMessage(doc, { message: 'Other' }, 'reporting_unit', undefined, true);
    expect(doc.tasks).toHaveLength(2);
  });

  it('turns generation failures into a parse_error on the doc and adds no task', () => {
    const { messaging } = setup({}, { en: { bad: 'Hi {{#open}}' } });
    const doc = report();
    expect(messaging.addMessage(doc, { translation_key: 'bad' })).toBeUndefined();
    expect(doc.tasks).toEqual([]);
    expect(doc.errors).toEqual([{ code: 'parse_error', message: expect.stringMatching(/^Unclosed section "open" at \d+: bad$/) }]);
  });

  it('fails with parse_error when a numeric recipient has to be rewritten', () => {
    const { messaging } = setup({ outgoing_phone_replace: { match: '+254', replace: '0' } });
    const doc = report({ fields: { num: 254712345678 } });
    expect(messaging.addMessage(doc, { message: 'x' }, 'num')).toBeUndefined();
    expect(doc.errors![0]).toMatchObject({ code: 'parse_error', message: expect.stringMatching(/: undefined$/) });
  });

  it('logs when no recipient resolves, while the task stays CHT-shaped', () => {
    const { messaging, warnings } = setup({ sms: { default_to_sender: false } });
    const task = messaging.addMessage(report(), { message: 'x' }, ['nobody', 'none_either']);
    expect(task!.messages![0].to).toBe('nobody');
    expect(warnings).toEqual([
      {
        msg: expect.stringContaining('literal recipient'),
        meta: expect.objectContaining({ doc: 'r1', via: 'literal_first', recipient: ['nobody', 'none_either'] }),
      },
    ]);
    expect(Object.keys(task!).sort()).toEqual(['messages', 'state', 'state_history']);
  });
});

describe('Messaging.addRejectionMessage (2.6)', () => {
  const translations = {
    en: { 'messages.generic.registration_not_found': 'No registration for {{patient_id}}' },
    fr: { 'messages.generic.registration_not_found': 'Aucun enregistrement pour {{patient_id}}' },
  };

  it('uses messages.generic.<key> to the sender and adds an error with that code', () => {
    const { messaging } = setup({}, translations);
    const doc = report();
    messaging.addRejectionMessage(doc, { messages: [] }, 'registration_not_found');
    expect(doc.tasks).toEqual([
      expect.objectContaining({
        messages: [{ uuid: expect.any(String), to: PHONES.sender, message: 'No registration for 12348' }],
        state: 'pending',
      }),
    ]);
    expect(doc.errors).toEqual([{ code: 'registration_not_found', message: 'No registration for 12348' }]);
  });

  it('uses the first configured message with that event_type, its recipient, and any content form for the error', () => {
    const { messaging } = setup({}, translations);
    const doc = report({ locale: 'fr' });
    const config = {
      messages: [
        { event_type: 'report_accepted', message: 'ok' },
        { event_type: 'registration_not_found', recipient: 'supervisor', messages: [{ locale: 'fr', content: 'Pas trouvé: {{patient_id}}' }] },
        { event_type: 'registration_not_found', message: 'second' },
      ],
    };
    messaging.addRejectionMessage(doc, config, 'registration_not_found');
    // the task only sees `message`/`translation_key` (empty here) ...
    expect(doc.tasks![0].messages[0]).toMatchObject({ error: 'messages.errors.message.empty' });
    // ... while the error text honours `messages`
    expect(doc.errors).toEqual([{ code: 'registration_not_found', message: 'Pas trouvé: 12348' }]);
  });

  it('addresses the rejection to the `from` key, not reporting_unit (visible without a from and without sender fallback)', () => {
    const { messaging } = setup({ sms: { default_to_sender: false } }, translations);
    const xform = report({ from: undefined });
    messaging.addRejectionMessage(xform, undefined, 'registration_not_found');
    expect(xform.tasks![0].messages[0].to).toBe('from');
    const sms = report();
    messaging.addRejectionMessage(sms, undefined, 'registration_not_found');
    expect(sms.tasks![0].messages[0].to).toBe(PHONES.sender);
  });

  it('renders the error text with the given context', () => {
    const { messaging } = setup();
    const { patient } = lineage();
    const doc = report();
    const config = { messages: [{ event_type: 'x', message: 'Not {{patient_name}}', recipient: 'clinic' }] };
    messaging.addRejectionMessage(doc, config, 'x', { patient });
    expect(doc.tasks![0].messages[0]).toMatchObject({ to: PHONES.clinic, message: 'Not Mary' });
    expect(doc.errors).toEqual([{ code: 'x', message: 'Not Mary' }]);
  });
});

describe('Messaging.addSuccessMessage (2.6)', () => {
  it('adds the first configured message of that event type, to reporting_unit unless configured', () => {
    const { messaging } = setup();
    const doc = report();
    messaging.addSuccessMessage(doc, { messages: [{ event_type: 'report_accepted', message: 'Thanks' }] }, 'report_accepted');
    messaging.addSuccessMessage(doc, { messages: [{ event_type: 'other', message: 'no' }] }, 'report_accepted');
    messaging.addSuccessMessage(doc, undefined, 'report_accepted');
    expect(doc.tasks!.map((t: Task) => t.messages![0].message)).toEqual(['Thanks']);
    expect(doc.tasks![0].messages[0].to).toBe(PHONES.sender);
  });
});

describe('Messaging.addErrors (2.6)', () => {
  const errors = () => [
    { code: 'invalid_patient_id', message: 'Bad id {{patient_id}}.' },
    { code: 'invalid_patient_id', message: 'Also bad.' },
    'Plain {{form}}',
  ];

  it('adds each error (dedup by code) and replies with the first text only', () => {
    const { messaging } = setup();
    const doc = report();
    messaging.addErrors({ validations: {} }, doc, errors());
    expect(doc.errors).toEqual([
      { code: 'invalid_patient_id', message: 'Bad id 12348.' },
      { code: 'invalid_report', message: 'Plain V' },
    ]);
    expect(doc.tasks).toHaveLength(1);
    expect(doc.tasks![0].messages[0]).toMatchObject({ to: PHONES.sender, message: 'Bad id 12348.' });
  });

  it('joins all texts with two spaces when join_responses is set (plain strings rendered once more against the doc)', () => {
    const { messaging } = setup();
    const doc = report();
    messaging.addErrors({ validations: { join_responses: true } }, doc, errors());
    expect(doc.tasks![0].messages[0].message).toBe('Bad id 12348.  Also bad.  Plain V');
  });

  it('renders the errors with the context but the reply against the doc alone', () => {
    const { messaging } = setup();
    const { patient } = lineage();
    const doc = report({ fields: {} });
    messaging.addErrors({ validations: { join_responses: false } }, doc, ['Hi {{patient_name}}'], { patient });
    expect(doc.errors![0].message).toBe('Hi Mary');
    // a plain-string error stays raw, so the reply is rendered without the patient
    expect(doc.tasks![0].messages[0]).toEqual({ uuid: expect.any(String), to: PHONES.sender, message: 'Hi ' });
  });

  it('does nothing for an empty error list', () => {
    const { messaging } = setup();
    const doc: Doc = report();
    messaging.addErrors({ validations: {} }, doc, []);
    expect(doc.tasks).toBeUndefined();
    expect(doc.errors).toBeUndefined();
  });
});

describe('Messaging helpers', () => {
  it('translate, getLocale and render use the bound settings', () => {
    const { messaging } = setup(
      { locale_outgoing: 'fr', date_format: 'DD/MM/YYYY' },
      { en: { a: 'A', b: 'B' }, fr: { a: 'Á' } },
    );
    expect(messaging.translate('a', 'fr')).toBe('Á');
    expect(messaging.translate('b', 'fr')).toBe('B');
    expect(messaging.translate('a')).toBe('A');
    expect(messaging.getLocale(report())).toBe('fr');
    expect(messaging.render('{{form}} {{#date}}{{reported_date}}{{/date}}', report())).toBe('V 01/05/2024');
  });

  it('addError delegates to the message-level helper', () => {
    const { messaging } = setup();
    const doc = report();
    messaging.addError(doc, { code: 'c', message: '{{form}}!' });
    expect(doc.errors).toEqual([{ code: 'c', message: 'V!' }]);
  });
});
