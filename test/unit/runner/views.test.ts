/**
 * The `_design/vigil` and `_design/vigil-sentinel` map functions, executed in-process from their source
 * strings with a fake `emit` (what CouchDB and PouchDB do with them). Rows go through JSON like
 * CouchDB's (undefined inside arrays and NaN become null).
 */
import { MEDIC_VIEWS, SENTINEL_VIEWS, VIEWS, type ViewSource } from '../../../lib/couch/views';
import { medicDesignDoc, sentinelDesignDoc } from '../../../lib/couch/ddoc';

type Row = [any, any];

function runMap(view: ViewSource, doc: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const emit = (key: unknown, value: unknown) => rows.push([key, value === undefined ? null : value]);
  // eslint-disable-next-line no-new-func
  const map = new Function('emit', `return (${view.map});`)(emit) as (d: unknown) => void;
  map(JSON.parse(JSON.stringify(doc)));
  return JSON.parse(JSON.stringify(rows));
}

const keys = (view: ViewSource, doc: Record<string, any>) => runMap(view, doc).map(([k]) => k);

const allViews = { ...MEDIC_VIEWS, ...SENTINEL_VIEWS } as Record<string, ViewSource>;

describe('view sources are ES5 function strings', () => {
  let acorn: any;
  try {
    // acorn is present through express-pouchdb's tree; the regex checks below run regardless
    acorn = require('acorn');
  } catch {
    acorn = undefined;
  }

  it.each(Object.keys(allViews))('%s parses as an ES5 function expression', (name) => {
    const src = allViews[name].map;
    expect(src.startsWith('function (doc) {')).toBe(true);
    expect(src.trimEnd().endsWith('}')).toBe(true);
    expect(src).not.toMatch(/=>/);
    expect(src).not.toMatch(/\b(let|const|class)\s/);
    expect(src).not.toMatch(/`/);
    expect(src).not.toMatch(/\.\.\./);
    expect(src).not.toMatch(/\.includes\(/);
    if (acorn) expect(() => acorn.parse(`(${src})`, { ecmaVersion: 5 })).not.toThrow();
    // and it evaluates to a function
    expect(typeof new Function('emit', `return (${src});`)(() => undefined)).toBe('function');
  });

  it('reduce functions are CouchDB built-ins only', () => {
    for (const view of Object.values(allViews)) {
      if (view.reduce !== undefined) expect(['_count', '_sum', '_stats']).toContain(view.reduce);
    }
    expect(MEDIC_VIEWS.reports_by_form_and_parent.reduce).toBe('_stats');
  });

  it('the design docs carry every view, and VIEWS paths name the vigil ddoc', () => {
    const medic = medicDesignDoc();
    expect(medic._id).toBe('_design/vigil');
    expect(Object.keys(medic.views).sort()).toEqual(
      [
        'contacts_by_depth',
        'contacts_by_phone',
        'contacts_by_reference',
        'contacts_by_type',
        'docs_by_shortcode',
        'messages_by_gateway_ref',
        'messages_by_state',
        'messages_by_uuid',
        'reports_by_date',
        'reports_by_form_and_parent',
        'reports_by_form_year_month_parent_reported_date',
        'reports_by_form_year_week_parent_reported_date',
        'reports_by_freetext',
        'reports_by_subject',
        'tasks_by_recipient_text',
        'tasks_by_time',
        'task_states',
      ].sort(),
    );
    expect(sentinelDesignDoc()._id).toBe('_design/vigil-sentinel');
    expect(VIEWS.contacts_by_phone).toBe('vigil/contacts_by_phone');
  });
});

describe('contacts_by_phone', () => {
  const v = MEDIC_VIEWS.contacts_by_phone;
  it('emits the raw phone string of contacts, unnormalised', () => {
    expect(keys(v, { _id: 'p', type: 'person', phone: '555 111 222' })).toEqual(['555 111 222']);
    expect(keys(v, { _id: 'c', type: 'clinic', phone: '+254700' })).toEqual(['+254700']);
    expect(keys(v, { _id: 'x', type: 'contact', contact_type: 'chw', phone: '+1' })).toEqual(['+1']);
  });
  it('ignores non-contacts and contacts without phone', () => {
    expect(keys(v, { _id: 'r', type: 'data_record', phone: '+1' })).toEqual([]);
    expect(keys(v, { _id: 'p', type: 'person' })).toEqual([]);
    expect(keys(v, { _id: 'y', type: 'contact', phone: '+1' })).toEqual([]); // contact without contact_type
  });
});

describe('contacts_by_reference', () => {
  const v = MEDIC_VIEWS.contacts_by_reference;
  it('emits shortcodes as strings and rc_code upper-cased, value reported_date', () => {
    expect(runMap(v, { _id: 'p', type: 'person', patient_id: 12345, reported_date: 7 })).toEqual([[['shortcode', '12345'], 7]]);
    expect(runMap(v, { _id: 'c', type: 'clinic', place_id: '555', rc_code: 'ab1', reported_date: 1 })).toEqual([
      [['shortcode', '555'], 1],
      [['external', 'AB1'], 1],
    ]);
    expect(keys(v, { _id: 'n', type: 'national_office', place_id: '9' })).toEqual([['shortcode', '9']]);
  });
  it('skips reports even with a patient_id', () => {
    expect(keys(v, { _id: 'r', type: 'data_record', form: 'P', patient_id: '12345' })).toEqual([]);
  });
});

describe('contacts_by_depth', () => {
  it('emits [ancestor] and [ancestor, depth] for self and every stored ancestor', () => {
    const rows = runMap(MEDIC_VIEWS.contacts_by_depth, {
      _id: 'p1',
      type: 'person',
      patient_id: '111',
      parent: { _id: 'clinic', parent: { _id: 'hc' } },
    });
    expect(rows.map(([k]) => k)).toEqual([['p1'], ['p1', 0], ['clinic'], ['clinic', 1], ['hc'], ['hc', 2]]);
    expect(rows[0][1]).toEqual({ _id: 'p1', shortcode: '111', primary_contact: null });
  });
  it('value carries the primary contact id of a place', () => {
    const rows = runMap(MEDIC_VIEWS.contacts_by_depth, { _id: 'c', type: 'clinic', place_id: '5', contact: { _id: 'p1' } });
    expect(rows[0][1]).toEqual({ _id: 'c', shortcode: '5', primary_contact: 'p1' });
  });
});

describe('contacts_by_type', () => {
  const v = MEDIC_VIEWS.contacts_by_type;
  it('keys by type id with CHT sort string', () => {
    expect(runMap(v, { _id: 'c', type: 'clinic', name: 'Clinic A' })).toEqual([[['clinic'], 'false false 2 clinic a']]);
    expect(runMap(v, { _id: 'x', type: 'contact', contact_type: 'chw_area', name: 'Z', muted: '2024', date_of_death: 1 })).toEqual([
      [['chw_area'], 'true true chw_area z'],
    ]);
  });
  it('ignores reports', () => {
    expect(keys(v, { _id: 'r', type: 'data_record', form: 'X' })).toEqual([]);
  });
});

describe('reports_by_subject', () => {
  const v = MEDIC_VIEWS.reports_by_subject;
  it('emits each distinct subject value once, as a string, value reported_date', () => {
    const rows = runMap(v, {
      _id: 'r',
      type: 'data_record',
      form: 'V',
      reported_date: 99,
      patient_id: '12345',
      fields: { patient_id: '12345', patient_uuid: 'uuid-1', place_id: 777, case_id: 'c1', place_uuid: 'pl-uuid' },
    });
    expect(rows).toEqual([
      ['12345', 99],
      ['777', 99],
      ['c1', 99],
      ['uuid-1', 99],
      ['pl-uuid', 99],
    ]);
  });
  it('includes reports with errors, skips docs without form and non-reports', () => {
    expect(keys(v, { _id: 'r', type: 'data_record', form: 'V', errors: [{ code: 'x' }], fields: { patient_id: '1' } })).toEqual(['1']);
    expect(keys(v, { _id: 'r', type: 'data_record', fields: { patient_id: '1' } })).toEqual([]);
    expect(keys(v, { _id: 'p', type: 'person', patient_id: '1' })).toEqual([]);
  });
  it('is not fooled by Object.prototype names', () => {
    expect(keys(v, { _id: 'r', type: 'data_record', form: 'V', fields: { patient_id: 'constructor' } })).toEqual(['constructor']);
  });
});

describe('reports views keyed by form', () => {
  const report = {
    _id: 'r',
    type: 'data_record',
    form: 'W',
    reported_date: 1000,
    contact: { _id: 'p', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
    fields: { year: 2018, week: 9 },
  };
  it('reports_by_form_and_parent: [form, parent id] → numeric reported_date or 0', () => {
    expect(runMap(MEDIC_VIEWS.reports_by_form_and_parent, report)).toEqual([[['W', 'clinic'], 1000]]);
    expect(runMap(MEDIC_VIEWS.reports_by_form_and_parent, { ...report, reported_date: '2024-01-01' })).toEqual([[['W', 'clinic'], 0]]);
    expect(keys(MEDIC_VIEWS.reports_by_form_and_parent, { ...report, contact: { _id: 'p' } })).toEqual([]);
  });
  it('reports_by_date: [reported_date] for reports with a form only', () => {
    expect(keys(MEDIC_VIEWS.reports_by_date, report)).toEqual([[1000]]);
    expect(keys(MEDIC_VIEWS.reports_by_date, { ...report, form: undefined })).toEqual([]);
  });
  it('week view: [form, year, week|week_number, parent, reported_date]', () => {
    const v = MEDIC_VIEWS.reports_by_form_year_week_parent_reported_date;
    expect(keys(v, report)).toEqual([['W', 2018, 9, 'clinic', 1000]]);
    expect(keys(v, { ...report, fields: { year: 2018, week_number: 43 } })).toEqual([['W', 2018, 43, 'clinic', 1000]]);
    expect(keys(v, { ...report, fields: { year: 2018, month: 2 } })).toEqual([]);
  });
  it('month view: [form, year, month|month_num, parent, reported_date], no top-level year needed', () => {
    const v = MEDIC_VIEWS.reports_by_form_year_month_parent_reported_date;
    expect(keys(v, { ...report, fields: { year: 2018, month: 2 } })).toEqual([['W', 2018, 2, 'clinic', 1000]]);
    expect(keys(v, { ...report, fields: { year: 2018, month_num: 3 } })).toEqual([['W', 2018, 3, 'clinic', 1000]]);
    expect(keys(v, report)).toEqual([]);
  });
  it('docs_by_shortcode: place_id, patient_id and case_id of any doc', () => {
    expect(keys(MEDIC_VIEWS.docs_by_shortcode, { _id: 'x', type: 'data_record', patient_id: 12345, case_id: 'c-1' })).toEqual(['12345', 'c-1']);
    expect(keys(MEDIC_VIEWS.docs_by_shortcode, { _id: 'c', type: 'clinic', place_id: '5' })).toEqual(['5']);
  });
});

describe('messages_by_state', () => {
  const v = MEDIC_VIEWS.messages_by_state;
  const due = '2025-03-06T09:00:00.000Z';
  const dueMs = Date.parse(due);

  it('emits [state, dueMs] → {content, to, id} for complete messages', () => {
    const rows = runMap(v, {
      _id: 'r',
      reported_date: 5,
      scheduled_tasks: [{ due, state: 'scheduled', messages: [{ uuid: 'u1', to: '+1', message: 'hi' }] }],
    });
    expect(rows).toEqual([[['scheduled', dueMs], { content: 'hi', to: '+1', id: 'u1' }]]);
  });

  it('adds a pending-or-forwarded row for pending and forwarded-to-gateway tasks', () => {
    const rows = runMap(v, {
      _id: 'r',
      reported_date: 5,
      tasks: [
        { state: 'pending', messages: [{ uuid: 'u1', to: '+1', message: 'a' }] },
        { state: 'forwarded-to-gateway', timestamp: due, messages: [{ uuid: 'u2', to: '+2', message: 'b' }] },
        { state: 'sent', messages: [{ uuid: 'u3', to: '+3', message: 'c' }] },
      ],
    });
    expect(rows.map(([k]) => k)).toEqual([
      ['pending', 5],
      ['pending-or-forwarded', 5],
      ['forwarded-to-gateway', dueMs],
      ['pending-or-forwarded', dueMs],
      ['sent', 5],
    ]);
  });

  it('emits {} for a task without messages, and no pending-or-forwarded row for it', () => {
    const rows = runMap(v, { _id: 'r', reported_date: 5, scheduled_tasks: [{ due, state: 'pending' }] });
    expect(rows).toEqual([[['pending', dueMs], {}]]);
  });

  it('emits nothing for a messages array whose message lacks to or text (CHT quirk)', () => {
    const rows = runMap(v, {
      _id: 'r',
      scheduled_tasks: [
        { due, state: 'scheduled', messages: [{ uuid: 'u1', message: 'no recipient' }] },
        { due, state: 'scheduled', messages: [{ uuid: 'u2', to: '+1', message: '' }] },
        { due, state: 'scheduled', messages: [] },
      ],
    });
    expect(rows).toEqual([]);
  });

  it('keeps numeric due as is and falls back to timestamp, then reported_date; bad dates → null', () => {
    const rows = runMap(v, {
      _id: 'r',
      reported_date: 42,
      scheduled_tasks: [{ due: 1234, state: 'scheduled' }, { state: 'scheduled' }, { due: 'not a date', state: 'scheduled' }],
    });
    expect(rows.map(([k]) => k)).toEqual([
      ['scheduled', 1234],
      ['scheduled', 42],
      ['scheduled', null],
    ]);
  });

  it('a non-canonical ISO due is parsed for the key', () => {
    const rows = runMap(v, { _id: 'r', scheduled_tasks: [{ due: '2024-05-01T10:00:00+03:00', state: 'scheduled' }] });
    expect(rows[0][0]).toEqual(['scheduled', Date.parse('2024-05-01T07:00:00.000Z')]);
  });
});

describe('messages_by_uuid / messages_by_gateway_ref', () => {
  const doc = {
    _id: 'r',
    type: 'data_record',
    sms_message: { gateway_ref: 'in-1', uuid: 'in-uuid' },
    tasks: [{ state: 'sent', gateway_ref: 'g-1', messages: [{ uuid: 'u1', to: '+1', message: 'a' }] }],
    scheduled_tasks: [{ state: 'scheduled', messages: [{ uuid: 'u2', to: '+1', message: 'b' }] }],
  };
  it('messages_by_uuid emits every message uuid with its task state', () => {
    expect(runMap(MEDIC_VIEWS.messages_by_uuid, doc)).toEqual([
      ['u1', 'sent'],
      ['u2', 'scheduled'],
    ]);
  });
  it('messages_by_gateway_ref emits outgoing task refs and incoming sms refs', () => {
    expect(runMap(MEDIC_VIEWS.messages_by_gateway_ref, doc)).toEqual([
      ['g-1', 'u1'],
      ['in-1', 'in-uuid'],
    ]);
  });
});

describe('tasks_by_recipient_text', () => {
  const v = MEDIC_VIEWS.tasks_by_recipient_text;
  it('emits [to, message, first state_history ms] → creation state, immediate tasks only', () => {
    const rows = runMap(v, {
      _id: 'r',
      reported_date: 1,
      tasks: [
        {
          state: 'sent',
          messages: [{ uuid: 'u', to: '+1', message: 'hi' }],
          state_history: [
            { state: 'pending', timestamp: '2025-03-05T10:00:00.000Z' },
            { state: 'sent', timestamp: '2025-03-05T11:00:00.000Z' },
          ],
        },
      ],
      scheduled_tasks: [{ state: 'pending', messages: [{ uuid: 'x', to: '+1', message: 'hi' }], state_history: [{ state: 'scheduled', timestamp: '2025-03-05T10:00:00.000Z' }] }],
    });
    expect(rows).toEqual([[['+1', 'hi', Date.parse('2025-03-05T10:00:00.000Z')], 'pending']]);
  });
  it('falls back to reported_date, keys missing text as null, skips tasks without a usable time', () => {
    expect(runMap(v, { _id: 'r', reported_date: 7, tasks: [{ state: 'duplicate', messages: [{ to: '+1' }] }] })).toEqual([
      [['+1', null, 7], 'duplicate'],
    ]);
    expect(runMap(v, { _id: 'r', tasks: [{ state: 'pending', messages: [{ to: '+1', message: 'a' }] }] })).toEqual([]);
  });
});

describe('sentinel views', () => {
  it('dead_letters_by_date keys vigil dead letters by last failure', () => {
    expect(
      runMap(SENTINEL_VIEWS.dead_letters_by_date, {
        _id: 'vigil:dead-letter:a',
        type: 'vigil:dead-letter',
        doc_id: 'a',
        attempts: 3,
        error: 'boom',
        first_failed: '2025-01-01T00:00:00.000Z',
        last_failed: '2025-01-02T00:00:00.000Z',
      }),
    ).toEqual([['2025-01-02T00:00:00.000Z', { doc_id: 'a', attempts: 3, error: 'boom' }]]);
    expect(runMap(SENTINEL_VIEWS.dead_letters_by_date, { _id: 'a-info', type: 'info' })).toEqual([]);
  });
  it('infodocs_with_pending_intent lists infodocs with vigil_pending', () => {
    expect(
      runMap(SENTINEL_VIEWS.infodocs_with_pending_intent, { _id: 'a-info', type: 'info', doc_id: 'a', vigil_pending: { created: 'T' } }),
    ).toEqual([['T', 'a']]);
    expect(runMap(SENTINEL_VIEWS.infodocs_with_pending_intent, { _id: 'b-info', type: 'info', doc_id: 'b' })).toEqual([]);
  });
  it('outbound_tasks keys task:outbound docs by medic doc id', () => {
    expect(runMap(SENTINEL_VIEWS.outbound_tasks, { _id: 'task:outbound:a', type: 'task:outbound', doc_id: 'a', queue: ['x'] })).toEqual([
      ['a', ['x']],
    ]);
  });
});

describe('reports_by_freetext and tasks_by_time', () => {
  const run = (source: { map: string }, doc: any) => {
    const rows: Array<[unknown, unknown]> = [];
    // eslint-disable-next-line no-new-func
    const fn = new Function('emit', `return (${source.map});`)((k: unknown, v: unknown) => rows.push([k, v]));
    fn(doc);
    return rows;
  };
  it('emits lower-cased field terms and the form for reports only', () => {
    const { MEDIC_VIEWS } = require('../../../lib/couch/views');
    const keys = run(MEDIC_VIEWS.reports_by_freetext, { _id: 'r', type: 'data_record', form: 'P', reported_date: 5, fields: { patient_name: 'Mary', age: 3, nested: { a: 1 } } }).map((r) => r[0]);
    expect(keys).toEqual(expect.arrayContaining(['patient_name:mary', 'age:3', 'form:p', 'type:data_record']));
    expect(keys).not.toContain('_id:r');
    expect(run(MEDIC_VIEWS.reports_by_freetext, { _id: 'c', type: 'person', name: 'x' })).toEqual([]);
  });
  it('keys immediate task messages by creation time', () => {
    const { MEDIC_VIEWS } = require('../../../lib/couch/views');
    const rows = run(MEDIC_VIEWS.tasks_by_time, { tasks: [{ messages: [{ to: '+1', message: 'hi' }], state: 'sent', state_history: [{ state: 'pending', timestamp: '2025-03-05T10:00:00.000Z' }] }] });
    expect(rows).toEqual([[Date.parse('2025-03-05T10:00:00.000Z'), ['+1', 'hi', 'pending']]]);
  });
});
