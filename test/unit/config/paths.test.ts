import { appendSegment, isWithin, parseJsonPath, pointerToPath, sectionOf, toJsonPath } from '../../../lib/config/paths';

describe('pointerToPath (ajv instancePath -> JSON path)', () => {
  it('converts indexes and identifier keys', () => {
    expect(pointerToPath('/registrations/0/events/1/trigger')).toBe('$.registrations[0].events[1].trigger');
  });

  it('gives the root as $', () => {
    expect(pointerToPath('')).toBe('$');
  });

  it('quotes keys that are not identifiers', () => {
    expect(pointerToPath('/forms/V/fields/visit.date')).toBe("$.forms.V.fields['visit.date']");
    expect(pointerToPath('/outbound/my push/mapping')).toBe("$.outbound['my push'].mapping");
    expect(pointerToPath("/outbound/it's")).toBe("$.outbound['it\\'s']");
  });

  it('unescapes JSON pointer escapes', () => {
    expect(pointerToPath('/outbound/a~1b/x~0y')).toBe("$.outbound['a/b']['x~y']");
  });

  it('uses the data to tell an array index from a numeric object key', () => {
    const settings = { outbound: { '123': { mapping: {} } }, schedules: [{ messages: [{}] }] };
    expect(pointerToPath('/outbound/123/mapping', settings)).toBe("$.outbound['123'].mapping");
    expect(pointerToPath('/schedules/0/messages/0/offset', settings)).toBe('$.schedules[0].messages[0].offset');
    // without data an all-digit segment is an index
    expect(pointerToPath('/outbound/123/mapping')).toBe('$.outbound[123].mapping');
  });
});

describe('JSON path helpers', () => {
  it('appendSegment / toJsonPath', () => {
    expect(appendSegment('$', 'transitions')).toBe('$.transitions');
    expect(toJsonPath(['registrations', 2, 'form'])).toBe('$.registrations[2].form');
    expect(toJsonPath(['forms', 'A B'])).toBe("$.forms['A B']");
  });

  it('parseJsonPath inverts toJsonPath', () => {
    const segments = ['forms', 'visit.date', 3, "it's", 'x'];
    expect(parseJsonPath(toJsonPath(segments))).toEqual(segments);
    expect(parseJsonPath('not a path')).toBeUndefined();
  });

  it('sectionOf gives the top-level key', () => {
    expect(sectionOf('$.registrations[0].events[1].trigger')).toBe('registrations');
    expect(sectionOf("$['odd key'].x")).toBe('odd key');
    expect(sectionOf('$')).toBeUndefined();
  });

  it('isWithin respects segment boundaries', () => {
    expect(isWithin('$.transitions.registration', '$.transitions.registration')).toBe(true);
    expect(isWithin('$.transitions.registration.disable', '$.transitions.registration')).toBe(true);
    expect(isWithin('$.a[0]', '$.a')).toBe(true);
    expect(isWithin('$.transitions.registration_x', '$.transitions.registration')).toBe(false);
  });
});
