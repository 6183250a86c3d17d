import { getPath, parsePath, PathError } from '../../compat/path';

const doc = {
  _id: 'r1',
  tasks: [{ messages: [{ to: '+1', message: 'hi' }], state: 'pending' }],
  scheduled_tasks: [
    { state: 'scheduled', group: 1 },
    { state: 'cleared', group: 2, messages: [{ to: '+2' }] },
    { state: 'scheduled', group: 2 },
  ],
  muting_history: [
    { report_id: 'a', muted: true },
    { report_id: 'b', muted: false },
  ],
  fields: { 'odd.key': 5, nested: { deep: 0 } },
  nothing: null,
};

describe('compat path language', () => {
  it('"" is the whole doc', () => {
    expect(getPath(doc, '')).toBe(doc);
  });

  it('reads dotted keys and indexes', () => {
    expect(getPath(doc, 'tasks[0].messages[0].to')).toBe('+1');
    expect(getPath(doc, 'fields.nested.deep')).toBe(0);
    expect(getPath(doc, 'tasks[0].state')).toBe('pending');
  });

  it('is undefined for missing keys, out-of-range indexes and keys on non-objects', () => {
    expect(getPath(doc, 'tasks[1].state')).toBeUndefined();
    expect(getPath(doc, 'missing.deeper')).toBeUndefined();
    expect(getPath(doc, 'nothing.x')).toBeUndefined();
    expect(getPath(doc, 'tasks.state')).toBeUndefined();
    expect(getPath(doc, 'fields[0]')).toBeUndefined();
  });

  it('keeps null values', () => {
    expect(getPath(doc, 'nothing')).toBeNull();
  });

  it('reads quoted keys', () => {
    expect(getPath(doc, "fields['odd.key']")).toBe(5);
    expect(getPath(doc, 'fields["odd.key"]')).toBe(5);
  });

  it('[*] maps the rest of the path over an array', () => {
    expect(getPath(doc, 'scheduled_tasks[*].state')).toEqual(['scheduled', 'cleared', 'scheduled']);
    expect(getPath(doc, 'scheduled_tasks[*].messages')).toEqual([undefined, [{ to: '+2' }], undefined]);
    expect(getPath(doc, 'scheduled_tasks[*].messages[0].to')).toEqual([undefined, '+2', undefined]);
    expect(getPath(doc, 'scheduled_tasks[*]')).toEqual(doc.scheduled_tasks);
    expect(getPath(doc, 'fields[*]')).toBeUndefined();
  });

  it('[?key==value] filters, and an index after it indexes the filtered list', () => {
    expect(getPath(doc, "muting_history[?report_id=='b'][0].muted")).toBe(false);
    expect(getPath(doc, "scheduled_tasks[?state=='scheduled']")).toHaveLength(2);
    expect(getPath(doc, "scheduled_tasks[?state=='none']")).toEqual([]);
    expect(getPath(doc, "scheduled_tasks[?state=='scheduled'].group")).toEqual([1, 2]);
    expect(getPath(doc, 'scheduled_tasks[?group==2][1].state')).toBe('scheduled');
    expect(getPath(doc, 'scheduled_tasks[?group!=2]')).toEqual([doc.scheduled_tasks[0]]);
    expect(getPath(doc, 'scheduled_tasks[?state=="cleared"].messages[0].to')).toEqual(['+2']);
    expect(getPath(doc, "muting_history[?muted==true][0].report_id")).toBe('a');
  });

  it('filters on a nested key', () => {
    expect(getPath(doc, "tasks[?messages[0].to=='+1'][0].state")).toBe('pending');
  });

  it('rejects malformed paths', () => {
    for (const bad of ['a..b', 'a.', '.a', 'a[', 'a[x]', 'a[?b]', 'a[0]b', "a[?b=='x]"]) {
      expect(() => parsePath(bad)).toThrow(PathError);
    }
  });
});
