import { createExpressions } from '../../../lib/expr';
import { expressionDoc, passes, prepareEvents } from '../../../transitions/registration/events';
import { TRIGGERS } from '../../../transitions/registration/triggers';

const expressions = createExpressions();
const doc = { _id: 'r1', type: 'data_record', form: 'P', lmp: 'top', fields: { lmp: 5, weeks: 3 } };

describe('expressionDoc', () => {
  it('adds the fields the doc lacks; doc properties win', () => {
    expect(expressionDoc(doc)).toMatchObject({ lmp: 'top', weeks: 3 });
  });
});

describe('passes', () => {
  it('treats a missing expression as true, a throwing one as false', () => {
    expect(passes(expressions, '', {})).toBe(true);
    expect(passes(expressions, undefined, {})).toBe(true);
    expect(passes(expressions, 'doc.nope.deeper', {})).toBe(false);
    expect(passes(expressions, 'doc.weeks > 2', expressionDoc(doc))).toBe(true);
    expect(passes(expressions, 'doc.weeks > 3', expressionDoc(doc))).toBe(false);
  });
});

describe('prepareEvents', () => {
  const config = (events: any[]) => ({ form: 'P', events });

  it('keeps on_create events with a known trigger whose expression passes, in order, with parsed params', () => {
    const events = prepareEvents(
      config([
        { name: 'on_create', trigger: 'add_birth_date', params: '', bool_expr: '' },
        { name: 'on_update', trigger: 'add_case' },
        { name: 'on_create', trigger: 'no_such_trigger' },
        { name: 'on_create', trigger: 'assign_schedule', params: 'A,B', bool_expr: 'doc.weeks === 3' },
        { name: 'on_create', trigger: 'add_case', bool_expr: 'doc.weeks === 4' },
        { name: 'on_create', trigger: 'add_expected_date', bool_expr: 'doc.missing.x' },
      ]),
      doc,
      expressions,
    );
    expect(events.map((e) => [e.trigger, e.index, e.params])).toEqual([
      ['add_birth_date', 0, {}],
      ['assign_schedule', 3, ['A', 'B']],
    ]);
    expect(events[0].run).toBe(TRIGGERS.add_birth_date);
  });

  it('evaluates every expression before any trigger runs', () => {
    const working: any = { ...doc };
    const events = prepareEvents(config([{ name: 'on_create', trigger: 'add_case', bool_expr: '!doc.case_id' }, { name: 'on_create', trigger: 'add_case', bool_expr: '!doc.case_id' }]), working, expressions);
    working.case_id = 'set by the first';
    expect(events).toHaveLength(2);
  });

  it('fails on an entry without events (as CHT does)', () => {
    expect(() => prepareEvents({ form: 'P' }, doc, expressions)).toThrow(/no events/);
  });
});
