import { buildTemplateContext, defaults, flattenForTemplate } from '../../../lib/messages/context';
import { localPhone, renderTemplate } from '../../../lib/messages/template';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, MessageContext, Settings } from '../../../lib/types';
import { lineage, report, T0 } from './fixtures';

function render(template: string, doc: Doc, extras: MessageContext = {}, settings: Settings = {}, zone = 'UTC', locale = 'en') {
  return renderTemplate(template, buildTemplateContext(doc, extras), {
    settings,
    clock: new ManualClock(T0, zone),
    locale,
  });
}

describe('defaults (lodash semantics)', () => {
  it('keeps the first defined value, fills undefined, and lets null block later sources', () => {
    const target: Record<string, unknown> = { a: 1, b: undefined, c: null };
    defaults(target, { a: 2, b: 2, c: 2, d: 2 }, { d: 3, e: 3 });
    expect(target).toEqual({ a: 1, b: 2, c: null, d: 2, e: 3 });
  });
});

describe('flattenForTemplate', () => {
  it('computes clinic / health_center / district and the parent/grandparent aliases from the lineage', () => {
    const { patient, clinic, healthCenter, district } = lineage();
    const flat = flattenForTemplate(patient);
    expect(flat.clinic).toBe(clinic);
    expect(flat.health_center).toBe(healthCenter);
    expect(flat.district).toBe(district);
    expect(flat.parent).toBe(healthCenter);
    expect(flat.grandparent).toBe(district);
    expect(flat.name).toBe('Mary');
  });

  it("fills a computed key left undefined from the object's own property (the real direct parent)", () => {
    const { clinic } = lineage();
    const orphanClinic = { ...clinic, parent: { _id: 'x', type: 'district_hospital' } };
    const patient = { _id: 'p', type: 'person', parent: orphanClinic };
    expect(flattenForTemplate(patient).parent).toBe(orphanClinic);
  });

  it('puts fields before properties', () => {
    const flat = flattenForTemplate({ _id: 'r', form: 'V', fields: { form: 'from-fields', x: 1 } });
    expect(flat.form).toBe('from-fields');
    expect(flat.x).toBe(1);
  });
});

describe('template context precedence (5.4)', () => {
  it('lets patient properties shadow report properties, including reported_date', () => {
    const { patient } = lineage();
    const doc = report();
    expect(render('{{name}} {{patient_id}} {{reported_date}} {{_id}}', doc, { patient })).toBe('Mary 12348 1000 p1');
    expect(render('{{_id}} {{reported_date}}', doc)).toBe(`r1 ${T0}`);
  });

  it('takes patient_name from the patient before the report fields, else from the report', () => {
    const { patient } = lineage();
    expect(render('{{patient_name}}', report(), { patient })).toBe('Mary');
    expect(render('{{patient_name}}', report())).toBe('From Fields');
  });

  it('resolves {{contact.name}} to the place subject\'s primary contact, not the submitter', () => {
    const { healthCenter } = lineage();
    const doc = report({ contact: { _id: 'sub', name: 'Submitter', phone: '+254799999999' } });
    expect(render('{{contact.name}}', doc)).toBe('Submitter');
    expect(render('{{contact.name}}', doc, { place: healthCenter })).toBe('Hank');
  });

  it('puts templateContext before the flattened subjects and the report', () => {
    const { patient } = lineage();
    expect(render('{{name}} {{next}}', report(), { patient, templateContext: { name: 'Override', next: 'n' } })).toBe(
      'Override n',
    );
  });

  it('lets a null from an earlier source hide later values', () => {
    const { patient } = lineage();
    const p = { ...patient, form: null };
    expect(render('[{{form}}]', report(), { patient: p })).toBe('[]');
    expect(render('[{{form}}]', report(), { patient })).toBe('[V]');
  });

  it('flattens report fields, then registrations after the report', () => {
    const registration = { _id: 'reg', form: 'P', fields: { lmp: 10, patient_id: 'from-reg' } };
    const out = render('{{patient_id}} {{lmp}} {{form}}', report(), { registrations: [registration] });
    expect(out).toBe('12348 10 V');
  });

  it('exposes the lineage of the submitter for a report without subject', () => {
    expect(render('{{clinic.name}}|{{health_center.contact.name}}|{{district.name}}|{{parent.name}}', report())).toBe(
      'Village 1|Hank|Central District|Riverside HC',
    );
  });
});

describe('rendering', () => {
  it('does not HTML-escape', () => {
    const doc = report({ fields: { note: '<b>Tom & "Jerry"</b>' } });
    expect(render('{{note}} {{{note}}}', doc)).toBe('<b>Tom & "Jerry"</b> <b>Tom & "Jerry"</b>');
  });

  it('supports sections and dotted names', () => {
    const { patient } = lineage();
    expect(render('{{#patient}}{{name}}{{/patient}}{{^place}} no place{{/place}} {{patient.parent.name}}', report(), { patient })).toBe(
      'Mary no place Village 1',
    );
  });

  it('throws on template syntax errors', () => {
    expect(() => render('{{#open}} never closed', report())).toThrow(/Unclosed section/);
  });

  it('does not modify the context it is given', () => {
    const context = buildTemplateContext(report());
    renderTemplate('{{#date}}{{reported_date}}{{/date}}', context, { settings: {}, clock: new ManualClock(T0) });
    expect('date' in context).toBe(false);
  });
});

describe('{{#date}} and {{#datetime}}', () => {
  const late = Date.UTC(2024, 4, 1, 22, 30, 5); // 2024-05-01T22:30:05Z
  const doc = report({ reported_date: late, fields: { when: '2024-05-01T10:00:00.000Z', bad: 'not a date' } });
  const settings = { date_format: 'DD-MMM-YYYY', reported_date_format: 'DD-MMM-YYYY HH:mm:ss' };

  it('formats epoch ms with date_format in UTC', () => {
    expect(render('{{#date}}{{reported_date}}{{/date}}', doc, {}, settings, 'UTC')).toBe('01-May-2024');
  });

  it("formats in the clock's zone (the next day in Nairobi)", () => {
    expect(render('{{#date}}{{reported_date}}{{/date}}', doc, {}, settings, 'Africa/Nairobi')).toBe('02-May-2024');
    expect(render('{{#datetime}}{{reported_date}}{{/datetime}}', doc, {}, settings, 'Africa/Nairobi')).toBe(
      '02-May-2024 01:30:05',
    );
  });

  it('parses ISO strings and formats them in the zone', () => {
    expect(render('{{#datetime}}{{when}}{{/datetime}}', doc, {}, settings, 'Asia/Kathmandu')).toBe('01-May-2024 15:45:00');
  });

  it('treats numeric text (with spaces) as epoch ms', () => {
    expect(render('{{#date}} 86400000 {{/date}}', doc, {}, settings)).toBe('02-Jan-1970');
  });

  it('gives "Invalid date" for unparseable or empty values', () => {
    expect(render('{{#date}}{{bad}}{{/date}}', doc, {}, settings)).toBe('Invalid date');
    expect(render('{{#date}}{{missing}}{{/date}}', doc, {}, settings)).toBe('Invalid date');
  });

  it("uses moment's default format when no format is configured", () => {
    expect(render('{{#date}}{{reported_date}}{{/date}}', doc, {}, {}, 'UTC')).toBe('2024-05-01T22:30:05+00:00');
    expect(render('{{#date}}{{reported_date}}{{/date}}', doc, {}, {}, 'Africa/Nairobi')).toBe('2024-05-02T01:30:05+03:00');
  });

  it('uses the message locale for names', () => {
    expect(render('{{#date}}{{reported_date}}{{/date}}', doc, {}, { date_format: 'D MMMM YYYY' }, 'UTC', 'fr')).toBe(
      '1 mai 2024',
    );
  });

  it('shadows doc properties named like a lambda', () => {
    const withDate = report({ reported_date: late, fields: { date: 'shadowed' } });
    expect(render('{{#date}}{{reported_date}}{{/date}}', withDate, {}, settings)).toBe('01-May-2024');
  });

  it('renders the body against the whole view, even inside a section', () => {
    const { patient } = lineage();
    expect(render('{{#patient}}{{#date}}{{when}}{{/date}}{{/patient}}', doc, { patient }, settings)).toBe('01-May-2024');
  });
});

describe('{{#local_phone}}', () => {
  it('strips +<default_country_code> and trims', () => {
    const doc = report({ fields: { phone: '+254712345678' } });
    expect(render('{{#local_phone}} {{phone}} {{/local_phone}}', doc, {}, { default_country_code: 254 })).toBe('712345678');
  });

  it('leaves other numbers and unset country codes alone', () => {
    expect(localPhone('+255712345678', { default_country_code: '254' })).toBe('+255712345678');
    expect(localPhone(' +254712345678 ', {})).toBe('+254712345678');
  });
});
