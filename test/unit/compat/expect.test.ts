import { applyOp, checkAll, checkExpectation, matchesSelector, shortcodeCheckDigit } from '../../compat/expect';
import type { Captures } from '../../compat/placeholders';
import { memoryReader } from '../../compat/reader';
import type { Expectation } from '../../compat/scenario';

const reader = memoryReader(
  {
    medic: [
      { _id: 'r1', _rev: '2-abc', type: 'data_record', form: 'V', tasks: [{ state: 'pending', messages: [{ to: '+1', message: 'hello there' }] }], patient_id: '12348', created: 5 },
      { _id: 'r2', _rev: '1-def', type: 'data_record', form: 'V', patient_id: '13249', scheduled_tasks: [{ state: 'scheduled' }, { state: 'cleared' }] },
      { _id: 'p1', _rev: '1-x', type: 'person', name: 'Ann', patient_id: 'the_p' },
      { _id: 'c1', _rev: '3-y', type: 'contact', contact_type: 'clinic', name: 'Clinic' },
      { _id: '_design/medic', views: {} },
    ],
    sentinel: [{ _id: 'r1-info', _rev: '1-i', type: 'info', doc_id: 'r1', transitions: { a: { ok: true, seq: null, last_rev: '1-a', run_date: 'x' } } }],
  },
  { sentinel: ['gone-info'] },
);

const run = async (e: Partial<Expectation>, captures: Captures = new Map()) =>
  checkExpectation({ path: '', op: 'equals', ...e } as Expectation, reader, captures);

async function expectOk(e: Partial<Expectation>, captures?: Captures) {
  const r = await run(e, captures);
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
}
async function expectFail(e: Partial<Expectation>, pattern?: RegExp, captures?: Captures) {
  const r = await run(e, captures);
  expect(r.ok).toBe(false);
  if (pattern) expect(r.message).toMatch(pattern);
}

describe('compat expectation ops', () => {
  it('equals / not_equals (deep, key order ignored)', async () => {
    await expectOk({ doc_id: 'r1', path: 'tasks[0].messages[0]', op: 'equals', value: { message: 'hello there', to: '+1' } });
    await expectFail({ doc_id: 'r1', path: 'tasks[0].messages[0]', op: 'equals', value: { to: '+2', message: 'hello there' } }, /to: expected "\+2", got "\+1"/);
    await expectFail({ doc_id: 'r1', path: 'tasks', op: 'equals', value: [] }, /expected length 0, got 1/);
    await expectOk({ doc_id: 'r1', path: 'form', op: 'not_equals', value: 'W' });
    await expectFail({ doc_id: 'r1', path: 'form', op: 'not_equals', value: 'V' });
  });

  it('exists / absent', async () => {
    await expectOk({ doc_id: 'r1', path: 'tasks', op: 'exists' });
    await expectFail({ doc_id: 'r1', path: 'nope', op: 'exists' });
    await expectOk({ doc_id: 'r1', path: 'nope', op: 'absent' });
    await expectFail({ doc_id: 'r1', path: 'form', op: 'absent' }, /expected undefined, got "V"/);
  });

  it('absent holds on a doc that does not exist; other ops fail there', async () => {
    await expectOk({ doc_id: 'missing', path: 'muted', op: 'absent' });
    await expectFail({ doc_id: 'missing', path: 'muted', op: 'equals', value: 1 }, /not found in medic/);
  });

  it('length', async () => {
    await expectOk({ doc_id: 'r1', path: 'tasks', op: 'length', value: 1 });
    await expectFail({ doc_id: 'r1', path: 'tasks', op: 'length', value: 2 }, /expected length 2, got 1/);
    await expectFail({ doc_id: 'r1', path: 'nope', op: 'length', value: 0 });
  });

  it('matches', async () => {
    await expectOk({ doc_id: 'r1', path: 'patient_id', op: 'matches', value: '^\\d{5}$' });
    await expectFail({ doc_id: 'r1', path: 'patient_id', op: 'matches', value: '^\\d{6}$' });
    await expectFail({ doc_id: 'r1', path: 'tasks', op: 'matches', value: '.' }, /expected a string/);
  });

  it('includes (chai deep.include: objects by key, arrays by element, strings by substring)', async () => {
    await expectOk({ doc_id: 'r1', path: 'tasks[0].messages[0]', op: 'includes', value: { to: '+1' } });
    await expectFail({ doc_id: 'r1', path: 'tasks[0].messages[0]', op: 'includes', value: { to: '+9' } }, /to/);
    await expectFail({ doc_id: 'r1', path: 'tasks[0].messages[0]', op: 'includes', value: { uuid: 'x' } }, /uuid: missing/);
    await expectOk({ doc_id: 'r1', path: 'tasks[0]', op: 'includes', value: { state: 'pending', messages: [{ to: '+1', message: 'hello there' }] } });
    // nested values compare whole (not a recursive subset)
    await expectFail({ doc_id: 'r1', path: 'tasks[0]', op: 'includes', value: { messages: [{ to: '+1' }] } });
    await expectOk({ doc_id: 'r2', path: 'scheduled_tasks', op: 'includes', value: { state: 'cleared' } });
    await expectFail({ doc_id: 'r2', path: 'scheduled_tasks', op: 'includes', value: { state: 'sent' } });
    await expectOk({ doc_id: 'r1', path: 'tasks[0].messages[0].message', op: 'includes', value: 'there' });
    await expectFail({ doc_id: 'r1', path: 'tasks[0].messages[0].message', op: 'includes', value: 'bye' });
  });

  it('has_keys / has_exact_keys', async () => {
    await expectOk({ doc_id: 'r1-info', db: 'sentinel', path: 'transitions.a', op: 'has_keys', value: ['ok', 'seq'] });
    await expectFail({ doc_id: 'r1-info', db: 'sentinel', path: 'transitions.a', op: 'has_keys', value: ['ok', 'nope'] }, /missing keys \["nope"\]/);
    await expectOk({ doc_id: 'r1-info', db: 'sentinel', path: 'transitions.a', op: 'has_exact_keys', value: ['run_date', 'ok', 'seq', 'last_rev'] });
    await expectFail({ doc_id: 'r1-info', db: 'sentinel', path: 'transitions.a', op: 'has_exact_keys', value: ['ok', 'seq', 'last_rev'] }, /unexpected keys \["run_date"\]/);
  });

  it('equals_ignoring_rev / equals_ignoring', async () => {
    const p1 = { _id: 'p1', type: 'person', name: 'Ann', patient_id: 'the_p' };
    await expectOk({ doc_id: 'p1', op: 'equals_ignoring_rev', value: p1 });
    await expectFail({ doc_id: 'p1', op: 'equals_ignoring_rev', value: { ...p1, name: 'Bob' } }, /name/);
    await expectFail({ doc_id: 'p1', op: 'equals', value: p1 }, /_rev/);
    const r2 = { _id: 'r2', type: 'data_record', form: 'V', patient_id: '13249', scheduled_tasks: [{ state: 'scheduled' }, { state: 'cleared' }] };
    await expectOk({ doc_id: 'r2', op: 'equals_ignoring', value: r2 });
    const r1 = await reader.get('medic', 'r1');
    const { created: _c, _rev: _r, ...r1WithoutIgnored } = r1.doc!;
    await expectOk({ doc_id: 'r1', op: 'equals_ignoring', value: r1WithoutIgnored });
    await expectFail({ doc_id: 'r1', op: 'equals_ignoring', value: { ...r1WithoutIgnored, form: 'X' } });
    await expectFail({ doc_id: 'r1', op: 'equals_ignoring', ignore: ['_rev'], value: r1WithoutIgnored }, /created/);
  });

  it('all_absent', async () => {
    await expectOk({ doc_id: 'r2', path: 'scheduled_tasks[*].messages', op: 'all_absent' });
    await expectFail({ doc_id: 'r2', path: 'scheduled_tasks[*].state', op: 'all_absent' }, /element \[0\]/);
    await expectFail({ doc_id: 'r2', path: 'nope[*].state', op: 'all_absent' });
  });

  it('not_contains', async () => {
    await expectOk({ doc_id: 'r2', path: 'scheduled_tasks[*].state', op: 'not_contains', value: 'sent' });
    await expectFail({ doc_id: 'r2', path: 'scheduled_tasks[*].state', op: 'not_contains', value: 'cleared' }, /element \[1\]/);
    await expectOk({ doc_id: 'r1', path: 'form', op: 'not_contains', value: 'X' });
    await expectFail({ doc_id: 'r1', path: 'form', op: 'not_contains', value: 'V' });
  });

  it('rev generations', async () => {
    await expectOk({ doc_id: 'r1', path: '_rev', op: 'rev_generation_equals', value: 2 });
    await expectFail({ doc_id: 'r1', path: '_rev', op: 'rev_generation_equals', value: 1 }, /generation 2/);
    await expectOk({ doc_id: 'r1', path: '_rev', op: 'rev_generation_gt', value: 1 });
    await expectFail({ doc_id: 'r1', path: '_rev', op: 'rev_generation_gt', value: 2 });
    await expectOk({ match: { type: 'data_record', _id: 'r2' }, path: '_rev', op: 'all_rev_generation_equals', value: 1 });
    await expectFail({ match: { type: 'data_record' }, path: '_rev', op: 'all_rev_generation_equals', value: 1 }, /r1/);
  });

  it('absent_doc / deleted_doc', async () => {
    await expectOk({ doc_id: 'nothing-here', op: 'absent_doc' });
    await expectOk({ doc_id: 'gone-info', db: 'sentinel', op: 'absent_doc' });
    await expectFail({ doc_id: 'r1', op: 'absent_doc' }, /doc exists/);
    await expectOk({ doc_id: 'gone-info', db: 'sentinel', op: 'deleted_doc' });
    await expectFail({ doc_id: 'r1-info', db: 'sentinel', op: 'deleted_doc' }, /not deleted/);
    await expectFail({ doc_id: 'never', db: 'sentinel', op: 'deleted_doc' }, /never written/);
  });

  it('shortcode_valid', async () => {
    expect(shortcodeCheckDigit('1234')).toBe(8);
    expect(shortcodeCheckDigit('1324')).toBe(9);
    expect(shortcodeCheckDigit('0000')).toBe(0);
    await expectOk({ doc_id: 'r1', path: 'patient_id', op: 'shortcode_valid', value: 5 });
    await expectFail({ doc_id: 'r1', path: 'patient_id', op: 'shortcode_valid', value: 6 }, /has 5 digits/);
    await expectFail({ doc_id: 'p1', path: 'patient_id', op: 'shortcode_valid', value: 5 }, /digits/);
    expect(applyOp({ op: 'shortcode_valid' }, '12347', 5).ok).toBe(false);
  });

  it('all_distinct (across matched docs, or within an array)', async () => {
    await expectOk({ match: { type: 'data_record' }, path: 'patient_id', op: 'all_distinct' });
    await expectFail({ match: { type: 'data_record' }, path: 'form', op: 'all_distinct' }, /"V" appears on more than one doc/);
    await expectFail({ match: { type: 'data_record' }, path: 'tasks', op: 'all_distinct' }, /undefined on/);
    await expectOk({ doc_id: 'r2', path: 'scheduled_tasks[*].state', op: 'all_distinct' });
    expect(applyOp({ op: 'all_distinct' }, ['a', 'a'], undefined).ok).toBe(false);
  });

  it('count and ids_equal over matched docs', async () => {
    await expectOk({ match: { type: 'data_record' }, op: 'count', value: 2 });
    await expectFail({ match: { type: 'data_record' }, op: 'count', value: 3 }, /expected 3 docs, got 2/);
    await expectOk({ match: { type: 'nothing' }, op: 'count', value: 0 });
    await expectOk({ match: { type: 'data_record' }, path: 'tasks', op: 'count', value: 1 });
    await expectOk({ match: { type: 'data_record' }, op: 'ids_equal', value: ['r2', 'r1'] });
    await expectFail({ match: { type: 'data_record' }, op: 'ids_equal', value: ['r1'] }, /unexpected \["r2"\]/);
    await expectFail({ match: { type: 'data_record' }, op: 'ids_equal', value: ['r1', 'r2', 'r3'] }, /missing \["r3"\]/);
    await expectFail({ doc_id: 'r1', op: 'count', value: 1 }, /needs a match/);
  });

  it('unknown ops fail', async () => {
    await expectFail({ doc_id: 'r1', op: 'frobnicates' }, /unknown op/);
  });
});

describe('compat match selectors', () => {
  const doc = { _id: 'queue01-001-info', type: 'info', n: 3 };
  it('literal, list (any of), $prefix, $suffix, $in', () => {
    expect(matchesSelector(doc, { type: 'info' })).toBe(true);
    expect(matchesSelector(doc, { type: 'person' })).toBe(false);
    expect(matchesSelector(doc, { type: ['person', 'info'] })).toBe(true);
    expect(matchesSelector(doc, { type: ['person', 'contact'] })).toBe(false);
    expect(matchesSelector(doc, { _id: { $prefix: 'queue01-' } })).toBe(true);
    expect(matchesSelector(doc, { _id: { $prefix: 'queue02-' } })).toBe(false);
    expect(matchesSelector(doc, { _id: { $prefix: 'queue01-', $suffix: '-info' } })).toBe(true);
    expect(matchesSelector(doc, { _id: { $prefix: 'queue01-', $suffix: '-task' } })).toBe(false);
    expect(matchesSelector(doc, { n: { $in: [1, 3] } })).toBe(true);
    expect(matchesSelector(doc, { n: { $in: [1, 2] } })).toBe(false);
    expect(matchesSelector(doc, { missing: { $prefix: 'a' } })).toBe(false);
    expect(() => matchesSelector(doc, { n: { $gt: 1 } })).toThrow(/unknown selector/);
  });

  it('a match expectation must hold for every matched doc and needs at least one', async () => {
    await expectOk({ match: { type: 'data_record' }, path: 'form', op: 'equals', value: 'V' });
    await expectFail({ match: { type: 'data_record' }, path: 'tasks', op: 'length', value: 1 }, /1 of 2 matched docs fail:\s+r2:/);
    await expectFail({ match: { type: 'nothing' }, path: 'form', op: 'absent' }, /no doc matched/);
    await expectOk({ match: { type: { $in: ['person', 'contact'] }, name: ['Ann', 'Clinic'] }, op: 'count', value: 2 });
  });

  it('design docs are never matched', async () => {
    await expectOk({ match: { _id: { $prefix: '_design/' } }, op: 'count', value: 0 });
  });
});

describe('compat placeholders and capture', () => {
  it('captures a value and substitutes it (raw when alone, as text inside a string)', async () => {
    const captures: Captures = new Map();
    const results = await checkAll(
      [
        { doc_id: 'r1', path: 'patient_id', op: 'exists', capture: 'pid' },
        { doc_id: 'r1', path: 'patient_id', op: 'equals', value: '<<pid>>' },
        { doc_id: 'r1', path: 'tasks[0].messages[0].message', op: 'equals', value: 'hello there' },
        { match: { patient_id: '<<pid>>' }, path: '_id', op: 'equals', value: 'r1' },
      ],
      reader,
      captures,
    );
    expect(results.map((r) => r.message).filter((_, i) => !results[i].ok)).toEqual([]);
    expect(captures.get('pid')).toBe('12348');
  });

  it('keeps the captured type for a whole-string placeholder', async () => {
    const captures: Captures = new Map([['gen', 2]]);
    await expectOk({ doc_id: 'r1', path: '_rev', op: 'rev_generation_equals', value: '<<gen>>' }, captures);
    await expectOk({ doc_id: 'r1', path: 'tasks[0].messages[0].message', op: 'equals', value: 'hello there' }, captures);
    const texts: Captures = new Map([['who', 'there']]);
    await expectOk({ doc_id: 'r1', path: 'tasks[0].messages[0].message', op: 'equals', value: 'hello <<who>>' }, texts);
    await expectFail({ doc_id: 'r1', path: 'tasks[0].messages[0].message', op: 'equals', value: 'hello <<who>>!' }, /hello there!/, texts);
  });

  it('an uncaptured placeholder fails the expectation', async () => {
    await expectFail({ doc_id: 'r1', path: 'form', op: 'equals', value: '<<nobody>>' }, /<<nobody>> was never captured/);
  });

  it('<<doc:ID.path>> reads a stored doc at check time', async () => {
    await expectOk({ doc_id: 'r2', path: 'form', op: 'equals', value: '<<doc:r1.form>>' });
    await expectFail({ doc_id: 'p1', path: 'name', op: 'equals', value: '<<doc:c1.name>>' }, /expected "Clinic", got "Ann"/);
    await expectFail({ doc_id: 'r2', path: '_rev', op: 'equals', value: '<<doc:r1._rev>>' }, /"2-abc"/);
    await expectFail({ doc_id: 'r2', path: 'form', op: 'equals', value: '<<doc:nope.form>>' }, /doc nope not found/);
  });

  it('mustache text is never a placeholder', async () => {
    const fake = memoryReader({ medic: [{ _id: 't', text: '{{name}} <<x' }] });
    const r = await checkExpectation({ doc_id: 't', path: 'text', op: 'equals', value: '{{name}} <<x' }, fake, new Map());
    expect(r.ok).toBe(true);
  });
});
