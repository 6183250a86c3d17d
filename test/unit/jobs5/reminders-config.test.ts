/** readReminders: which configured reminders run, and the problems of the others (spec 8.2). */
import { parseMuteDuration, readReminders } from '../../../schedules/reminders/config';
import { schemaProblems } from '../../../lib/config/validator';

const CONTACT_TYPES = [
  { id: 'district' },
  { id: 'area', parents: ['district'] },
  { id: 'household', parents: ['area'] },
  { id: 'chw', parents: ['area', 'household'], person: true },
];
const ok = { form: 'W', text_expression: 'at 9:00 on mon', message: 'Send W' };

describe('readReminders', () => {
  it('defaults contact_types to the leaf place types and keeps the raw config', () => {
    const { reminders, problems } = readReminders({ contact_types: CONTACT_TYPES, reminders: [ok] });
    expect(problems).toEqual([]);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ index: 0, form: 'W', contactTypes: ['household'], muteFor: undefined });
    expect(reminders[0].config).toBe(ok);
  });

  it('takes configured or hard-coded contact types', () => {
    const { reminders } = readReminders({ contact_types: CONTACT_TYPES, reminders: [{ ...ok, contact_types: ['area', 'clinic'] }] });
    expect(reminders[0].contactTypes).toEqual(['area', 'clinic']);
  });

  it('skips what CHT skips, with a JSON path for each', () => {
    const { reminders, problems } = readReminders({
      contact_types: CONTACT_TYPES,
      reminders: [
        { ...ok, form: '' },
        { form: 'W', cron: '0 9 * * 1', messages: [{ content: 'x' }] },
        { form: 'W', message: 'x' },
        { ...ok, contact_types: ['nope'] },
        { ...ok, contact_types: [] },
        'nonsense',
        { ...ok, text_expression: 'every 2 hours' },
        ok,
      ],
    });
    expect(reminders.map((r) => r.index)).toEqual([7]);
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ['$.reminders[0].form', 'error'],
      ['$.reminders[1].message', 'error'],
      ['$.reminders[2].text_expression', 'error'],
      ['$.reminders[3].contact_types', 'error'],
      ['$.reminders[4].contact_types', 'error'],
      ['$.reminders[5]', 'error'],
      ['$.reminders[6].text_expression', 'error'],
    ]);
    expect(problems[1].message).toMatch(/not `messages`/);
    // only the unknown type needs the contact_types section to be seen
    expect(readReminders({ contact_types: CONTACT_TYPES, reminders: [{ form: '' }, { ...ok, contact_types: ['nope'] }] }).contactTypeProblems.map((p) => p.path)).toEqual([
      '$.reminders[1].contact_types',
    ]);
    expect(problems[3].message).toMatch(/"nope"/);
    expect(problems.every((p) => p.section === 'reminders')).toBe(true);
  });

  it('runs a reminder with an unreadable mute_after_form_for without muting, and says so', () => {
    const { reminders, problems } = readReminders({ contact_types: CONTACT_TYPES, reminders: [{ ...ok, mute_after_form_for: '2.5 days' }] });
    expect(reminders).toHaveLength(1);
    expect(reminders[0].muteFor).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ path: '$.reminders[0].mute_after_form_for', severity: 'error' })]);
  });

  it('warns when no leaf place type exists', () => {
    const { reminders, problems } = readReminders({ reminders: [ok] });
    expect(reminders[0].contactTypes).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ path: '$.reminders[0]', severity: 'warning' })]);
    expect(readReminders({ reminders: [ok] }).contactTypeProblems).toEqual(problems);
  });

  it('reads nothing from absent settings and reports a non-array', () => {
    expect(readReminders({})).toEqual({ reminders: [], problems: [], contactTypeProblems: [] });
    expect(readReminders({ reminders: {} }).problems[0].path).toBe('$.reminders');
  });
});

describe('parseMuteDuration', () => {
  it.each([
    ['2 days', { amount: 2, unit: 'day' }],
    ['1 week', { amount: 1, unit: 'week' }],
    ['90 minutes', { amount: 90, unit: 'minute' }],
    ['1 month', { amount: 1, unit: 'month' }],
    ['2.5 days', undefined],
    ['-1 day', undefined],
    ['10 seconds', undefined],
    ['', undefined],
    [3, undefined],
  ])('%j', (value, expected) => {
    expect(parseMuteDuration(value)).toEqual(expected);
  });
});

describe('reminders schema', () => {
  const problems = (r: object) => schemaProblems({ reminders: [r] }).map((p) => p.path);
  it('accepts what the job runs and rejects what it cannot', () => {
    expect(problems(ok)).toEqual([]);
    expect(problems({ form: 'W', cron: '0 9 * * 1', translation_key: 'k', mute_after_form_for: '', contact_types: ['clinic'] })).toEqual([]);
    expect(problems({ ...ok, text_expression: 'AT 9:00 PM EVERY WEEKDAY' })).toEqual([]);
    expect(problems({ ...ok, text_expression: 'every 5 minutes' })).toEqual(['$.reminders[0].text_expression']);
    expect(problems({ ...ok, mute_after_form_for: '2.5 days' })).toEqual(['$.reminders[0].mute_after_form_for']);
    expect(problems({ ...ok, contact_types: [] })).toEqual(['$.reminders[0].contact_types']);
    expect(problems({ form: 'W', text_expression: 'at 9:00', messages: [{ content: 'x' }] })).toEqual(['$.reminders[0]']);
    expect(problems({ form: 'W', message: 'x' })).toEqual(['$.reminders[0]']);
  });
});
