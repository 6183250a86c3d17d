import { checkSettings } from '../../../lib/config/check';
import type { ConfigProblem, Settings } from '../../../lib/types';
import { validSettings } from './fixtures';

const paths = (problems: ConfigProblem[]) => problems.map((p) => p.path);
const errors = (problems: ConfigProblem[]) => problems.filter((p) => p.severity !== 'warning');
const at = (problems: ConfigProblem[], path: string) => problems.filter((p) => p.path === path);

describe('checkSettings', () => {
  it('finds nothing wrong with a valid, realistic config (extra keys allowed)', () => {
    expect(checkSettings(validSettings())).toEqual([]);
  });

  it('reports all three mistakes of one file, each at its own path', () => {
    const settings = validSettings();
    settings.registrations[0].events[1].trigger = 'add_pateint';
    settings.schedules[0].messages[1].offset = '13 wekes';
    settings.timezone = 'Africa/Nairobbi';
    const problems = checkSettings(settings);
    expect(paths(problems)).toEqual([
      '$.timezone',
      '$.registrations[0].events[1].trigger',
      '$.schedules[0].messages[1].offset',
    ]);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
    expect(problems.map((p) => p.section)).toEqual(['timezone', 'registrations', 'schedules']);
  });

  it('explains an unknown trigger with the allowed values and a suggestion', () => {
    const settings = validSettings();
    settings.registrations[0].events[0].trigger = 'add_pateint';
    const [problem] = checkSettings(settings);
    expect(problem.path).toBe('$.registrations[0].events[0].trigger');
    expect(problem.message).toBe(
      'must be one of add_patient, add_patient_id, add_place, add_case, add_birth_date, add_expected_date, assign_schedule, clear_schedule (got "add_pateint"; did you mean "add_patient"?)',
    );
  });

  it('reports a missing required key at the key itself', () => {
    const settings = validSettings();
    delete settings.registrations[0].form;
    settings.schedules[0].messages[0] = { group: 1, message: 'x' };
    expect(checkSettings(settings)).toEqual([
      { path: '$.registrations[0].form', message: 'is required', section: 'registrations', severity: 'error' },
      { path: '$.schedules[0].messages[0].offset', message: 'is required', section: 'schedules', severity: 'error' },
    ]);
  });

  it('names non-identifier keys with brackets', () => {
    const settings = validSettings();
    settings.outbound['dhis referral'].mapping.visited = { optional: true };
    settings.forms.P.fields['visit.date'].position = 'first';
    expect(paths(checkSettings(settings))).toEqual([
      "$.forms.P.fields['visit.date'].position",
      "$.outbound['dhis referral'].mapping.visited",
    ]);
  });

  it('reports an unknown transition name with the known ones', () => {
    const settings = validSettings();
    settings.transitions.registraton = true;
    const problems = checkSettings(settings);
    expect(paths(problems)).toEqual(['$.transitions.registraton']);
    expect(problems[0].message).toMatch(/^unknown transition "registraton" \(did you mean "registration"\?\); known: update_clinics, self_report, registration, /);
    expect(problems[0].severity).toBe('error');
  });

  it('rejects transition values CHT would treat as "on" by accident', () => {
    const settings = validSettings();
    settings.transitions.update_clinics = 'false';
    settings.transitions.muting = { disable: 'yes' };
    const problems = checkSettings(settings);
    expect(paths(problems)).toEqual(['$.transitions.update_clinics', '$.transitions.muting.disable']);
    expect(problems[0].message).toBe('must be a boolean, an object or null (got "false")');
  });

  it('collapses union noise into one clear message per path', () => {
    const settings = validSettings();
    settings.registrations[0].messages[0].recipient = { phone: '123' };
    settings.registrations[0].messages[1].message = 42;
    settings.schedules[0].messages[2] = { group: 2, offset: '1 day' };
    const problems = checkSettings(settings);
    expect(problems).toEqual([
      expect.objectContaining({ path: '$.registrations[0].messages[0].recipient', message: 'must be a string, a number or an array (got an object)' }),
      expect.objectContaining({ path: '$.registrations[0].messages[1].message', message: 'must be a string or an array (got 42)' }),
      expect.objectContaining({ path: '$.schedules[0].messages[2]', message: 'must have one of translation_key, message, messages' }),
    ]);
    expect(problems.some((p) => /anyOf|oneOf|must match/.test(p.message))).toBe(false);
  });

  it('reports only the type when a value has the wrong type (not what follows from it)', () => {
    const settings = validSettings();
    settings.registrations[0].events[0].trigger = 5;
    expect(at(checkSettings(settings), '$.registrations[0].events[0].trigger')).toEqual([
      expect.objectContaining({ message: 'must be a string (got 5)' }),
    ]);
  });

  it('checks the schedule grammar: offsets, send_time, send_day', () => {
    const settings = validSettings();
    const [m0, m1, m2] = settings.schedules[0].messages;
    m0.offset = '12  weeks';
    m0.send_time = '25:00';
    m1.send_day = 'funday';
    m2.offset = '3 Days';
    const problems = checkSettings(settings);
    expect(paths(problems)).toEqual([
      '$.schedules[0].messages[0].offset',
      '$.schedules[0].messages[0].send_time',
      '$.schedules[0].messages[1].send_day',
      '$.schedules[0].messages[2].offset',
    ]);
    expect(problems[0].message).toMatch(/^must be "<number> <unit>"/);
  });

  it('checks general settings: timezone, send window, country code, start_date, synthetic_date', () => {
    const settings: Settings = {
      ...validSettings(),
      timezone: 'Mars/Olympus',
      schedule_evening_minutes: 60,
      default_country_code: 'Kenya',
      default_responses: { start_date: '2024-02-30' },
      synthetic_date: '2024013',
    };
    expect(paths(errors(checkSettings(settings)))).toEqual([
      '$.default_country_code',
      '$.timezone',
      '$.schedule_evening_minutes',
      '$.default_responses.start_date',
      '$.synthetic_date',
    ]);
  });

  it('checks the sms settings: limits, deny lists, phone filters', () => {
    const settings: Settings = {
      ...validSettings(),
      sms: { duplicate_limit: 50, default_to_sender: 'yes' },
      outgoing_deny_shorter_than: 'five',
      outgoing_phone_filters: [{ match: '^(\\+254', replace: '0' }, { replace: 'x' }],
      multipart_sms_limit: 0,
      phone_validation: 'strict',
    };
    const problems = checkSettings(settings);
    // in the order the keys are written (the fixture has multipart_sms_limit, outgoing_deny_*, sms first)
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ['$.multipart_sms_limit', 'error'],
      ['$.outgoing_deny_shorter_than', 'error'],
      ['$.sms.duplicate_limit', 'warning'],
      ['$.sms.default_to_sender', 'error'],
      ['$.outgoing_phone_filters[0].match', 'error'],
      ['$.outgoing_phone_filters[1].match', 'error'],
      ['$.phone_validation', 'error'],
    ]);
    expect(at(problems, '$.outgoing_phone_filters[0].match')[0].message).toBe('must be a valid regular expression (got "^(\\\\+254")');
  });

  it('accepts an empty default_responses.start_date and a valid synthetic_date (with a warning)', () => {
    const settings = { ...validSettings(), default_responses: { start_date: '' }, synthetic_date: '202401151030' };
    const problems = checkSettings(settings);
    expect(errors(problems)).toEqual([]);
    expect(paths(problems)).toEqual(['$.synthetic_date']);
  });

  it('reports an invalid settings root', () => {
    expect(checkSettings(null)).toEqual([{ path: '$', message: 'must be an object (got null)', section: undefined, severity: 'error' }]);
    expect(checkSettings([])).toEqual([expect.objectContaining({ path: '$', message: 'must be an object (got an array)' })]);
  });

  it('finds expressions that do not compile', () => {
    const settings = validSettings();
    settings.registrations[0].events[1].bool_expr = 'doc.lmp &&';
    settings.alerts[0].condition = 'doc.fields.(temp)';
    settings.multi_report_alerts[0].is_report_counted = 'true';
    const problems = checkSettings(settings);
    expect(paths(problems)).toEqual([
      '$.registrations[0].events[1].bool_expr',
      '$.alerts[0].condition',
      '$.multi_report_alerts[0].is_report_counted',
    ]);
    expect(problems[0].message).toMatch(/^does not compile: SyntaxError/);
    expect(problems[2].message).toMatch(/must be a function/);
  });

  it('checks trigger params like CHT init does', () => {
    const settings = validSettings();
    settings.registrations[0].events.push(
      { name: 'on_create', trigger: 'add_place', params: '', bool_expr: '' },
      { name: 'on_create', trigger: 'add_place', params: { contact_type: 'person' } },
      { name: 'on_create', trigger: 'assign_schedule', params: '{"oops"' },
      { name: 'on_create', trigger: 'clear_schedule', params: {} },
    );
    expect(errors(checkSettings(settings))).toEqual([
      expect.objectContaining({ path: '$.registrations[0].events[3].params', message: expect.stringMatching(/needs params with a contact_type/) }),
      expect.objectContaining({ path: '$.registrations[0].events[4].params.contact_type', message: expect.stringMatching(/is a person type/) }),
      expect.objectContaining({ path: '$.registrations[0].events[5].params', message: expect.stringMatching(/^is not valid JSON/) }),
      expect.objectContaining({ path: '$.registrations[0].events[6].params', message: expect.stringMatching(/needs the schedule names/) }),
    ]);
  });

  it('warns (without erroring) about settings CHT accepts but silently ignores', () => {
    const settings = validSettings();
    settings.registrations[0].events[2].params = 'ANC Reminders, PNC';
    settings.outbound.bare = { relevant_to: 'true' };
    const problems = checkSettings(settings);
    expect(errors(problems)).toEqual([]);
    expect(paths(problems)).toEqual([
      '$.registrations[0].events[2].params',
      '$.registrations[0].events[2].params',
      '$.outbound.bare.destination',
      '$.outbound.bare.mapping',
    ]);
  });

  describe('with transitions', () => {
    const registration = {
      name: 'registration' as const,
      sections: ['registrations'],
      validate: (s: Settings): ConfigProblem[] =>
        s.registrations ? [] : [{ path: '$.registrations', message: 'is required when registration is enabled' }],
    };

    it("adds an enabled transition's own validate problems, filling in section and severity", () => {
      const settings = validSettings();
      delete settings.registrations;
      expect(checkSettings(settings, { transitions: [registration] })).toEqual([
        { path: '$.registrations', message: 'is required when registration is enabled', section: 'registrations', severity: 'error' },
      ]);
    });

    it('does not run validate for a transition that is not enabled', () => {
      const settings = validSettings();
      delete settings.registrations;
      settings.transitions.registration = false;
      expect(checkSettings(settings, { transitions: [registration] })).toEqual([]);
    });

    it('turns a throwing validate into a problem on the transition', () => {
      const broken = { name: 'update_clinics' as const, sections: [], validate: () => { throw new Error('boom'); } };
      expect(checkSettings(validSettings(), { transitions: [broken] })).toEqual([
        expect.objectContaining({ path: '$.transitions.update_clinics', message: expect.stringContaining('boom'), severity: 'error' }),
      ]);
    });

    it('drops a validate problem that repeats an error already reported at the same path', () => {
      const settings = validSettings();
      settings.registrations[0].events[0].trigger = 'nope';
      const echo = {
        name: 'registration' as const,
        sections: ['registrations'],
        validate: () => [{ path: '$.registrations[0].events[0].trigger', message: 'unknown trigger nope' }],
      };
      const problems = checkSettings(settings, { transitions: [echo] });
      expect(problems).toHaveLength(1);
      expect(problems[0].message).toMatch(/^must be one of/);
    });
  });
});

describe('validation rules', () => {
  it('reports a rule that does not parse, with its path', () => {
    const { checkSettings } = require('../../../lib/config/check');
    const problems = checkSettings({
      registrations: [{ form: 'P', events: [], validations: { list: [{ property: 'x', rule: 'lenMin(1 &&', message: 'm' }] } }],
    });
    expect(problems.map((p: any) => p.path)).toContain('$.registrations[0].validations.list[0].rule');
  });
});
