import { applySchedule, assignSchedule, findSchedule } from '../../../lib/scheduling/assign-schedule';
import type { ScheduleConfig } from '../../../lib/scheduling/config';
import type { Doc, Task } from '../../../lib/types';
import { env, hierarchy, NOW, NOW_MS, report } from './fixtures';

const en = (content: string) => [{ locale: 'en', content }];

describe('assignSchedule: task shape (spec 4.3)', () => {
  it('adds an inline message generated now: recipient resolved, text rendered, state scheduled', () => {
    const { env: e } = env();
    const { person } = hierarchy();
    const doc = report();
    const schedule: ScheduleConfig = {
      name: 'ANC',
      messages: [{ group: 1, offset: '1 week', recipient: 'clinic', message: en('{{patient_name}} is due') }],
    };
    expect(assignSchedule(doc, schedule, { patient: person }, e)).toBe(true);
    expect(doc.scheduled_tasks).toStrictEqual([
      {
        due: '2025-03-12T10:00:00.000Z',
        group: 1,
        type: 'ANC',
        recipient: 'clinic',
        messages: [{ uuid: expect.any(String), to: '+444999', message: 'Person is due' }],
        state: 'scheduled',
        state_history: [{ state: 'scheduled', timestamp: NOW }],
      },
    ]);
  });

  it('copies the schedule translation_key and stores message_key without messages for translation keys (SCH-10)', () => {
    const { env: e } = env({}, { en: { 'facial.hair': 'Mustaches.  Overrated or underrated?' } });
    const doc = report();
    const schedule: ScheduleConfig = {
      name: 'group1',
      translation_key: 'schedule.anc',
      start_from: 'reported_date',
      messages: [{ translation_key: 'facial.hair', group: 1, offset: '12 weeks', send_time: '', recipient: 'reporting_unit' }],
    };
    assignSchedule(doc, schedule, {}, e);
    expect(doc.scheduled_tasks).toHaveLength(1);
    const task = doc.scheduled_tasks[0];
    expect(task).not.toHaveProperty('messages');
    expect(task).toMatchObject({
      message_key: 'facial.hair',
      translation_key: 'schedule.anc',
      type: 'group1',
      due: '2025-05-28T10:00:00.000Z',
      state: 'scheduled',
    });
  });

  it('schedules a translation key even without a translation (the key is not empty text)', () => {
    const { env: e } = env();
    const doc = report();
    assignSchedule(doc, { name: 's', messages: [{ translation_key: 'missing.key', offset: '1 day' }] }, {}, e);
    expect(doc.scheduled_tasks).toHaveLength(1);
  });

  it('appends to existing scheduled_tasks and reports that the list is non-empty', () => {
    const { env: e } = env();
    const existing: Task = { due: '2025-04-01T00:00:00.000Z', type: 'old', state: 'scheduled' };
    const doc = report({ scheduled_tasks: [existing] });
    expect(assignSchedule(doc, { name: 's', messages: [{ offset: '-1 day', message: 'past' }] }, {}, e)).toBe(true);
    assignSchedule(doc, { name: 's', messages: [{ offset: '1 day', message: 'x' }] }, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.type)).toEqual(['old', 's']);
  });

  it('renders for the report locale', () => {
    const { env: e } = env();
    const doc = report({ locale: 'sw' });
    const message = [{ locale: 'en', content: 'Hello' }, { locale: 'sw', content: 'Habari' }];
    assignSchedule(doc, { name: 's', messages: [{ offset: '1 day', message }] }, {}, e);
    expect(doc.scheduled_tasks[0].messages[0].message).toBe('Habari');
  });

  it('passes the registrations context to the generator (patient missing error kept on the message)', () => {
    const { env: e } = env();
    const doc = report();
    assignSchedule(doc, { name: 's', messages: [{ offset: '1 day', message: 'Hi' }] }, { registrations: [report({ _id: 'reg' })] }, e);
    expect(doc.scheduled_tasks[0].messages[0]).toMatchObject({ message: 'Hi', error: 'messages.errors.patient.missing' });
  });

  it('accepts the legacy plural `messages` and a plain string as content', () => {
    const { env: e } = env();
    const doc = report();
    assignSchedule(
      doc,
      { name: 's', messages: [{ offset: '1 day', messages: en('plural') }, { offset: '2 days', message: 'plain' }] },
      {},
      e,
    );
    expect(doc.scheduled_tasks.map((t: Task) => t.messages![0].message)).toEqual(['plural', 'plain']);
  });
});

describe('assignSchedule: start date (SCH-02, SCH-08)', () => {
  const sch02: ScheduleConfig[] = [
    {
      name: 'sch1',
      start_from: ['some_date_field'],
      messages: [
        { group: 1, offset: '5 days', send_time: '09:00', recipient: 'clinic', message: en('this wont show up') },
        { group: 2, offset: '12 weeks', recipient: 'clinic', message: en('schedule from field in array') },
      ],
    },
    {
      name: 'sch2',
      start_from: 'reported_date',
      messages: [
        { group: 1, offset: '2 weeks', send_time: '09:00', recipient: 'clinic', message: en('schedule from reported_date') },
        { group: 1, offset: '180 days', recipient: 'clinic', message: en('schedule from reported_date') },
      ],
    },
    {
      name: 'sch3',
      start_from: ['random_date', 'fields.lmp_date'],
      messages: [
        { group: 1, offset: '10 days', recipient: 'clinic', message: en('schedule from first existing field') },
        { group: 1, offset: '100 days', recipient: 'clinic', message: en('another schedule from array') },
      ],
    },
    {
      name: 'sch4',
      start_from: ['date1', 'fields.lmp_date1', 'date2'],
      messages: [{ group: 1, offset: '10 days', recipient: 'clinic', message: en('never') }],
    },
    {
      name: 'sch5',
      start_from: ['reported_date', 'fields.lmp_date', 'lmp_date'],
      messages: [{ group: 1, offset: '9 days', recipient: 'clinic', message: en('from multiple date fields') }],
    },
  ];
  const expected = [
    ['sch1', 2, 'schedule from field in array', '2025-05-21'],
    ['sch2', 1, 'schedule from reported_date', '2025-03-19T09:00'],
    ['sch2', 1, 'schedule from reported_date', '2025-09-01'],
    ['sch3', 1, 'schedule from first existing field', '2025-03-08'],
    ['sch3', 1, 'another schedule from array', '2025-06-06'],
    ['sch5', 1, 'from multiple date fields', '2025-03-14'],
  ];
  // [type, group, text, due] with the due date cut to the length of the expected prefix
  const summary = (doc: Doc, want: typeof expected) =>
    doc.scheduled_tasks.map((t: Task, i: number) => [t.type, t.group, t.messages![0].message, t.due.slice(0, String(want[i][3]).length)]);

  it('SCH-02: about a patient — paths, arrays (first defined wins), missing paths, past groups', () => {
    const { env: e } = env();
    const { person } = hierarchy();
    const doc = report({
      _id: 'sch02-p',
      from: '+97798261',
      fields: { patient_uuid: 'person', patient_id: 'patient', lmp_date: '2025-02-26T10:00:00.000Z' },
      some_date_field: '2025-02-26T10:00:00.000Z',
    });
    for (const s of sch02) assignSchedule(doc, s, { patient: person }, e);
    expect(doc.scheduled_tasks).toHaveLength(6);
    expect(summary(doc, expected)).toEqual(expected);
    expect(doc.scheduled_tasks.every((t: Task) => t.state === 'scheduled')).toBe(true);
    expect(doc.scheduled_tasks[0].messages[0].to).toBe('+444999'); // the clinic's contact
  });

  it('SCH-02: about a place — sch3 has no start (no fields.lmp_date)', () => {
    const { env: e } = env();
    const { clinic } = hierarchy();
    const doc = report({ _id: 'sch02-c', from: '+11111111', fields: { place_id: 'the_clinic' }, some_date_field: '2025-02-26T10:00:00.000Z' });
    for (const s of sch02) assignSchedule(doc, s, { place: clinic }, e);
    const kept = [0, 1, 2, 5].map((i) => expected[i]);
    expect(doc.scheduled_tasks).toHaveLength(4);
    expect(summary(doc, kept)).toEqual(kept);
  });

  it('SCH-08: a null start_from value assigns nothing, silently; undefined assigns nothing', () => {
    const { env: e, warnings } = env();
    const schedule: ScheduleConfig = { name: 'duckland', start_from: 'edd', messages: [{ group: 1, offset: '1 week', message: en('Woot') }] };
    const nullDoc = report({ reported_date: '2050-03-13T13:06:22.002Z', edd: null });
    expect(assignSchedule(nullDoc, schedule, {}, e)).toBe(false);
    expect(nullDoc).not.toHaveProperty('scheduled_tasks');
    expect(applySchedule(report({ edd: null }), schedule, {}, e).aborted).toBe('start_null');
    const undefinedDoc = report({ reported_date: '2050-03-13T13:06:22.002Z' });
    expect(assignSchedule(undefinedDoc, schedule, {}, e)).toBe(false);
    expect(undefinedDoc).not.toHaveProperty('scheduled_tasks');
    expect(applySchedule(report(), schedule, {}, e).aborted).toBe('start_undefined');
    expect(warnings).toEqual([]);
  });

  it('assigns nothing (and warns) for a start value that is not a date', () => {
    const { env: e, warnings } = env();
    const doc = report({ edd: 'soon' });
    const outcome = applySchedule(doc, { name: 's', start_from: 'edd', messages: [{ offset: '1 day', message: 'x' }] }, {}, e);
    expect(outcome.aborted).toBe('start_invalid');
    expect(doc).not.toHaveProperty('scheduled_tasks');
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringContaining('not a date')]);
  });

  it('reads a zone-less start date in the schedule zone', () => {
    const { env: e } = env({ timezone: 'Africa/Nairobi' });
    const doc = report({ lmp: '2025-03-10' });
    assignSchedule(doc, { name: 's', start_from: 'lmp', messages: [{ offset: '1 day', message: 'x' }] }, {}, e);
    expect(doc.scheduled_tasks[0].due).toBe('2025-03-10T21:00:00.000Z'); // 2025-03-11 00:00 EAT
  });

  it('does nothing without a schedule', () => {
    const { env: e } = env();
    const doc = report();
    expect(assignSchedule(doc, undefined as unknown as ScheduleConfig, {}, e)).toBe(false);
    expect(applySchedule(doc, undefined, {}, e).aborted).toBe('no_schedule');
  });
});

describe('assignSchedule: due dates (SCH-04, SCH-05)', () => {
  const reported = '2050-03-13T13:06:22.002Z';

  it('SCH-04: send_day within the Sunday-started week, after send_time', () => {
    const { env: e } = env();
    const doc = report({ reported_date: reported });
    const message = { group: 1, recipient: 'reporting_unit', message: en('Woot'), offset: '2 weeks', send_day: 'Wednesday', send_time: '08:00 +0000' };
    assignSchedule(doc, { name: 'duckland', start_from: 'reported_date', messages: [message] }, {}, e);
    expect(doc.scheduled_tasks[0].due).toBe('2050-03-30T08:00:00.000Z');
  });

  it('SCH-05: send_day without send_time keeps the time of day', () => {
    const { env: e } = env();
    const doc = report({ reported_date: reported });
    const messages = [
      { group: 1, recipient: 'reporting_unit', message: en('Woot'), offset: '2 weeks', send_day: 'Monday' },
      { group: 2, recipient: 'reporting_unit', message: en('Woot'), offset: '2 weeks', send_day: 'Wednesday' },
    ];
    assignSchedule(doc, { name: 'duckland', start_from: 'reported_date', messages }, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.due)).toEqual(['2050-03-28T13:06:22.002Z', '2050-03-30T13:06:22.002Z']);
  });

  it('follows settings.timezone across DST (vigil)', () => {
    const { env: e } = env({ timezone: 'Europe/London' });
    const doc = report({ reported_date: Date.parse('2025-03-20T15:00:00Z') });
    const messages = [
      { group: 1, offset: '1 week', send_time: '09:00', message: 'before' }, // 2025-03-27 GMT
      { group: 1, offset: '2 weeks', send_time: '09:00', message: 'after' }, // 2025-04-03 BST
    ];
    assignSchedule(doc, { name: 's', messages }, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.due)).toEqual(['2025-03-27T09:00:00.000Z', '2025-04-03T08:00:00.000Z']);
  });

  it('follows the subject place\'s timezone over settings.timezone (vigil)', () => {
    const { env: e } = env({ timezone: 'Africa/Nairobi' });
    const { person, clinic } = hierarchy();
    clinic.timezone = 'America/New_York';
    const doc = report({ reported_date: Date.parse('2025-10-25T16:00:00Z') });
    const messages = [
      { offset: '1 day', send_time: '09:00', message: 'EDT' },
      { offset: '2 weeks', send_time: '09:00', message: 'EST' },
    ];
    const outcome = applySchedule(doc, { name: 's', messages }, { patient: person }, e);
    expect(outcome.zone).toBe('America/New_York');
    expect(doc.scheduled_tasks.map((t: Task) => t.due)).toEqual(['2025-10-26T13:00:00.000Z', '2025-11-08T14:00:00.000Z']);
  });

  it('keeps month offsets on the calendar', () => {
    const { env: e } = env();
    const doc = report({ lmp: '2025-01-31T08:00:00.000Z' });
    assignSchedule(doc, { name: 's', start_from: 'lmp', messages: [{ offset: '2 months', message: 'x' }, { offset: '1 year', message: 'y' }] }, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.due)).toEqual(['2025-03-31T08:00:00.000Z', '2026-01-31T08:00:00.000Z']);
  });
});

describe('assignSchedule: skipping (SCH-07)', () => {
  const messages = [
    { group: 1, recipient: 'reporting_unit', message: en('Past message.'), offset: '-12 weeks' },
    { group: 1, recipient: 'reporting_unit', message: en('Future message.'), offset: '13 weeks' },
  ];

  it('SCH-07: a past message skips the rest of its group', () => {
    const { env: e } = env();
    const doc = report({ lmp_date: NOW_MS });
    const outcome = applySchedule(doc, { name: 'skipper', start_from: 'lmp_date', start_mid_group: false, messages }, {}, e);
    expect(doc).not.toHaveProperty('scheduled_tasks');
    expect(outcome.skipped.map((s) => s.reason)).toEqual(['past', 'group_skipped']);
  });

  it('SCH-07: ... unless start_mid_group', () => {
    const { env: e } = env();
    const doc = report({ lmp_date: NOW_MS });
    assignSchedule(doc, { name: 'midgroup', start_from: 'lmp_date', start_mid_group: true, messages }, {}, e);
    expect(doc.scheduled_tasks).toHaveLength(1);
    expect(doc.scheduled_tasks[0].messages[0].message).toBe('Future message.');
  });

  it('keeps earlier messages of a group that is skipped later, and other groups', () => {
    const { env: e } = env();
    const doc = report();
    const schedule: ScheduleConfig = {
      name: 's',
      messages: [
        { group: 1, offset: '1 day', message: 'kept' },
        { group: 1, offset: '-1 day', message: 'past' },
        { group: 1, offset: '3 days', message: 'dropped' },
        { group: 2, offset: '4 days', message: 'other group' },
        { group: '1', offset: '5 days', message: 'groups compare with ===' },
      ],
    };
    assignSchedule(doc, schedule, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.messages![0].message)).toEqual(['kept', 'other group', 'groups compare with ===']);
  });

  it('an empty message skips its group like a past one', () => {
    const { env: e } = env();
    const doc = report();
    const schedule: ScheduleConfig = {
      name: 's',
      messages: [
        { group: 1, offset: '1 day', message: en('') },
        { group: 1, offset: '2 days', message: 'dropped' },
        { group: 2, offset: '3 days', message: [{ locale: 'fr', content: 'first entry is the fallback' }] },
      ],
    };
    const outcome = applySchedule(doc, schedule, {}, e);
    expect(outcome.skipped.map((s) => [s.index, s.reason])).toEqual([
      [0, 'empty_message'],
      [1, 'group_skipped'],
    ]);
    expect(doc.scheduled_tasks.map((t: Task) => t.messages![0].message)).toEqual(['first entry is the fallback']);
  });

  it('messages without a group share the `undefined` group', () => {
    const { env: e } = env();
    const doc = report();
    assignSchedule(doc, { name: 's', messages: [{ offset: '-1 day', message: 'a' }, { offset: '1 day', message: 'b' }] }, {}, e);
    expect(doc).not.toHaveProperty('scheduled_tasks');
  });

  it('skips only the message with an invalid offset (and logs it); its group goes on', () => {
    const { env: e, warnings } = env();
    const doc = report();
    const schedule: ScheduleConfig = {
      name: 's',
      messages: [
        { group: 1, offset: '2 muppets', message: 'bad' },
        { group: 1, offset: ' 1 day', message: 'leading space' },
        { group: 1, offset: '2 days', message: 'good' },
        { group: 1, offset: '3 weekly', message: 'due at start, which is now' },
      ],
    };
    const outcome = applySchedule(doc, schedule, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => [t.messages![0].message, t.due])).toEqual([
      ['good', '2025-03-07T10:00:00.000Z'],
      ['due at start, which is now', NOW],
    ]);
    expect(outcome.skipped.map((s) => s.reason)).toEqual(['invalid_offset', 'invalid_offset']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0].meta).toMatchObject({ schedule: 's', offset: '2 muppets' });
  });

  it('uses the clock for "now" (a frozen synthetic date)', () => {
    const schedule: ScheduleConfig = { name: 's', messages: [{ offset: '1 day', message: 'x' }] };
    const doc = () => report({ reported_date: Date.parse('2025-03-01T00:00:00Z') });
    const early = env({}, {}, '2025-03-01T12:00:00Z');
    const late = env({}, {}, '2025-03-02T12:00:00Z');
    const a = doc();
    const b = doc();
    assignSchedule(a, schedule, {}, early.env);
    assignSchedule(b, schedule, {}, late.env);
    expect(a.scheduled_tasks).toHaveLength(1);
    expect(a.scheduled_tasks[0].state_history[0].timestamp).toBe('2025-03-01T12:00:00.000Z');
    expect(b).not.toHaveProperty('scheduled_tasks');
  });

  it('a message due exactly now is kept (only due < now is past)', () => {
    const { env: e } = env();
    const doc = report();
    assignSchedule(doc, { name: 's', messages: [{ offset: '0 days', message: 'now' }] }, {}, e);
    expect(doc.scheduled_tasks[0].due).toBe(NOW);
  });
});

describe('assignSchedule: states (SCH-12, muting)', () => {
  const schedule: ScheduleConfig = {
    name: 'group1',
    messages: [
      { group: 1, recipient: 'reporting_unit', message: en('Woot'), offset: '12 weeks' },
      { group: 2, translation_key: 'later', offset: '13 weeks' },
    ],
  };

  it('SCH-12: every task of a report from a denied sender is denied', () => {
    const { env: e } = env({ outgoing_deny_list: '+444' });
    const doc = report({ _id: 'sch12' });
    assignSchedule(doc, schedule, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.state)).toEqual(['denied', 'denied']);
    expect(doc.scheduled_tasks[0].state_history).toEqual([{ state: 'denied', timestamp: NOW }]);
  });

  it('denies a generated message whose recipient is deny-listed (vigil), not the others', () => {
    const { env: e, warnings } = env();
    const doc = report({ fields: { gw: '+13125551212' } });
    const s: ScheduleConfig = {
      name: 's',
      messages: [
        { offset: '1 day', recipient: 'gw', message: 'to the gateway' },
        { offset: '2 days', recipient: 'reporting_unit', message: 'to the sender' },
      ],
    };
    assignSchedule(doc, s, {}, e);
    expect(doc.scheduled_tasks.map((t: Task) => [t.messages![0].to, t.state])).toEqual([
      ['+13125551212', 'denied'],
      ['+444999', 'scheduled'],
    ]);
    expect(warnings.map((w) => w.msg)).toEqual(['scheduled message denied: recipient is deny-listed']);
  });

  it('starts muted when the patient (or an ancestor) is muted', () => {
    const { env: e } = env();
    const { person, healthCenter } = hierarchy();
    healthCenter.muted = '2025-01-01T00:00:00.000Z';
    const doc = report();
    assignSchedule(doc, schedule, { patient: person }, e);
    expect(doc.scheduled_tasks.map((t: Task) => t.state)).toEqual(['muted', 'muted']);
  });

  it('looks at the place only without a patient', () => {
    const { env: e } = env();
    const { person, clinic } = hierarchy();
    const mutedPlace = { ...clinic, muted: 1 };
    const a = report();
    assignSchedule(a, schedule, { patient: person, place: mutedPlace }, e);
    expect(a.scheduled_tasks[0].state).toBe('scheduled');
    const b = report();
    assignSchedule(b, schedule, { place: mutedPlace }, e);
    expect(b.scheduled_tasks[0].state).toBe('muted');
  });

  it('denied wins over muted', () => {
    const { env: e } = env({ outgoing_deny_list: '+444' });
    const { person } = hierarchy();
    const doc = report();
    assignSchedule(doc, schedule, { patient: { ...person, muted: 1 } }, e);
    expect(doc.scheduled_tasks[0].state).toBe('denied');
  });
});

describe('assignSchedule: template errors', () => {
  it('records a parse_error and skips the message, not its group', () => {
    const { env: e } = env();
    const doc = report();
    const schedule: ScheduleConfig = {
      name: 's',
      messages: [
        { group: 1, offset: '1 day', message: en('{{#unclosed}} oops') },
        { group: 1, offset: '2 days', message: 'fine' },
      ],
    };
    const outcome = applySchedule(doc, schedule, {}, e);
    expect(doc.errors).toEqual([
      { code: 'parse_error', message: expect.stringMatching(/^Unclosed section "unclosed".*: \[\{"locale":"en","content":"\{\{#unclosed\}\} oops"\}\]$/) },
    ]);
    expect(outcome.skipped.map((s) => s.reason)).toEqual(['parse_error']);
    expect(doc.scheduled_tasks.map((t: Task) => t.messages![0].message)).toEqual(['fine']);
  });
});

describe('findSchedule', () => {
  it('returns the last schedule of that name', () => {
    const settings = { schedules: [{ name: 'a', n: 1 }, { name: 'b' }, { name: 'a', n: 2 }] };
    expect(findSchedule(settings, 'a')).toEqual({ name: 'a', n: 2 });
    expect(findSchedule(settings, 'c')).toBeUndefined();
    expect(findSchedule({}, 'a')).toBeUndefined();
    expect(findSchedule({ schedules: { a: {} } }, 'a')).toBeUndefined();
  });
});
