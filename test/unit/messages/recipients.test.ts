import { buildTemplateContext } from '../../../lib/messages/context';
import { getPhone, recipientItems, resolveRecipient, rewritePhone } from '../../../lib/messages/recipients';
import type { Doc, MessageContext, Recipient, Settings } from '../../../lib/types';
import { lineage, PHONES, report } from './fixtures';

function resolve(recipient: Recipient | undefined, doc: Doc = report(), extras: MessageContext = {}, settings: Settings = {}) {
  return resolveRecipient(settings, buildTemplateContext(doc, extras), recipient);
}
const to = (...args: Parameters<typeof resolve>) => resolve(...args).to;

describe('recipient items', () => {
  it('trims strings, accepts numbers and drops empties', () => {
    expect(recipientItems([' a ', '', 5, '  ', null as unknown as string, 'b'])).toEqual(['a', '5', 'b']);
    expect(recipientItems(undefined)).toEqual([]);
    expect(recipientItems('  x ')).toEqual(['x']);
  });
});

describe('recipient rules (5.6)', () => {
  it('reporting_unit is the sender (from, else the context contact phone)', () => {
    expect(resolve('reporting_unit')).toMatchObject({ to: PHONES.sender, via: 'rule', rule: 'reporting_unit' });
    const xform = report({ from: undefined, contact: { _id: 'x', phone: '+254722222222' } });
    expect(to('reporting_unit', xform)).toBe('+254722222222');
  });

  it('without a usable recipient sends to the sender', () => {
    expect(resolve('  ')).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
    expect(resolve([])).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
    const anonymous = report({ from: undefined, contact: undefined });
    expect(resolve(undefined, anonymous)).toEqual({ to: undefined, via: 'none', items: [] });
  });

  it('ancestor:<type> finds the primary contact of that type above the patient, then the place, then the context', () => {
    const { patient, healthCenter, clinic } = lineage();
    expect(to('ancestor:health_center', report(), { patient })).toBe(PHONES.healthCenter);
    expect(to('ancestor:district_hospital', report(), { place: clinic })).toBe(PHONES.district);
    // with no subject the walk starts at the context itself, whose `parent` is the health-centre alias,
    // so the clinic is skipped
    expect(to('ancestor:health_center', report())).toBe(PHONES.healthCenter);
    expect(resolve('ancestor:clinic')).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
    expect(to('ancestor:health_center', report(), { place: healthCenter })).toBe(PHONES.healthCenter);
  });

  it('link:<tag> uses the linked contact of the first tagged node, else a node of that type', () => {
    const { patient, clinic, healthCenter } = lineage();
    const supervisor = { _id: 'sup', type: 'person', phone: PHONES.supervisor };
    const taggedHc = { ...healthCenter, linked_docs: { supervisor } };
    const taggedClinic = { ...clinic, parent: taggedHc };
    const p = { ...patient, parent: taggedClinic };
    expect(resolve('link:supervisor', report(), { patient: p })).toMatchObject({ to: PHONES.supervisor, rule: 'link' });
    // submitter lineage (context.contact) when there is no subject
    const doc = report({ contact: { _id: 'chw', phone: PHONES.clinic, parent: taggedClinic } });
    expect(to('link:supervisor', doc)).toBe(PHONES.supervisor);
    // no tag anywhere: a node whose type is the tag
    expect(to('link:health_center', report(), { patient })).toBe(PHONES.healthCenter);
  });

  describe('parent / grandparent legacy mapping', () => {
    it('with a patient in a clinic: parent = health centre contact, grandparent = district contact', () => {
      const { patient } = lineage();
      expect(to('parent', report(), { patient })).toBe(PHONES.healthCenter);
      expect(to('grandparent', report(), { patient })).toBe(PHONES.district);
    });

    it("without patient/place: parent = the district's contact, grandparent runs off the top", () => {
      expect(resolve('parent')).toMatchObject({ to: PHONES.district, via: 'rule', rule: 'parent' });
      expect(resolve('grandparent')).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
      expect(resolve('grandparent', report(), {}, { sms: { default_to_sender: false } })).toMatchObject({
        to: 'grandparent',
        via: 'literal_first',
      });
    });

    it('without a health centre in the lineage the walk starts at the submitter', () => {
      const { district } = lineage();
      const clinic = { _id: 'c', type: 'clinic', contact: { _id: 'cc', phone: '+254733333333' }, parent: district };
      const doc = report({ contact: { _id: 'chw', phone: PHONES.clinic, parent: clinic } });
      expect(to('parent', doc)).toBe(PHONES.district);
    });

    it('a subject without parent or contact resolves to nothing instead of failing', () => {
      const doc = report({ contact: undefined });
      expect(resolve('parent', doc)).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
    });
  });

  it('clinic / health_center / district', () => {
    const { patient } = lineage();
    expect(to('clinic', report(), { patient })).toBe(PHONES.clinic);
    expect(to('health_center', report(), { patient })).toBe(PHONES.healthCenter);
    expect(to('district', report(), { patient })).toBe(PHONES.district);
    // clinic falls back to the context contact's phone
    const flat = report({ contact: { _id: 'x', phone: '+254744444444' } });
    expect(to('clinic', flat)).toBe('+254744444444');
  });

  it('a truthy field value, then a truthy top-level context key', () => {
    const doc = report({ fields: { supervisor_phone: PHONES.supervisor, zero: 0 }, extra_phone: '+254755555555' });
    expect(resolve('supervisor_phone', doc)).toMatchObject({ to: PHONES.supervisor, rule: 'field' });
    expect(resolve('extra_phone', doc)).toMatchObject({ to: '+254755555555', rule: 'context_key' });
    expect(resolve('zero', doc)).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
  });

  it('`phone` is the patient phone when there is a patient (top-level key of the merged context)', () => {
    const { patient } = lineage();
    expect(to('phone', report(), { patient })).toBe(PHONES.patient);
  });

  it('a dotted path is looked up in the context', () => {
    expect(resolve('contact.parent.contact.phone')).toMatchObject({ to: PHONES.clinic, rule: 'path' });
    const doc = report({ fields: { phones: ['+254766666666'] } });
    expect(to('fields.phones.0', doc)).toBe('+254766666666');
  });

  it('a literal phone must be a valid international number', () => {
    expect(resolve('+254712345678')).toMatchObject({ to: '+254712345678', rule: 'phone' });
    expect(resolve('0712345678')).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
    expect(resolve('+2547123')).toMatchObject({ via: 'fallback_sender' });
  });

  it('tries array items in order', () => {
    const { patient } = lineage();
    expect(resolve(['nobody', 'also_nobody', 'health_center'], report(), { patient })).toMatchObject({
      to: PHONES.healthCenter,
      item: 'health_center',
      rule: 'health_center',
    });
    // a rule that matches but yields nothing moves on to the next item
    expect(to(['ancestor:nowhere', 'district'], report(), { patient })).toBe(PHONES.district);
  });

  describe('when no item resolves', () => {
    it('falls back to the sender by default (unset or null default_to_sender)', () => {
      expect(resolve(['field1', 'field2'])).toMatchObject({ to: PHONES.sender, via: 'fallback_sender' });
      expect(resolve('field1', report(), {}, { sms: { default_to_sender: null } })).toMatchObject({ to: PHONES.sender });
    });

    it('uses the literal first item when default_to_sender is false', () => {
      expect(resolve(['field1', 'field2'], report(), {}, { sms: { default_to_sender: false } })).toMatchObject({
        to: 'field1',
        via: 'literal_first',
      });
    });

    it('uses the literal first item when there is no sender, even with default_to_sender', () => {
      const xform = report({ from: undefined, contact: { _id: 'x' } });
      expect(resolve(['field1'], xform)).toMatchObject({ to: 'field1', via: 'literal_first' });
    });
  });

  it("with a place subject, `from` of an XForm report is the place's primary contact phone", () => {
    const { clinic } = lineage();
    const xform = report({ from: undefined, contact: { _id: 'sub', phone: '+254777777777' } });
    expect(to('reporting_unit', xform, { place: clinic })).toBe(PHONES.clinic);
  });
});

describe('phone rewriting (5.6.4)', () => {
  it('replaces a plain prefix', () => {
    const settings = { outgoing_phone_replace: { match: '+254', replace: '0' } };
    expect(rewritePhone(settings, '+254712345678')).toBe('0712345678');
    expect(rewritePhone(settings, '+255712345678')).toBe('+255712345678');
    expect(rewritePhone({ outgoing_phone_replace: { match: '+' } }, '+254712345678')).toBe('254712345678');
  });

  it('applies each filter once, first match only, with $n references', () => {
    const settings = {
      outgoing_phone_filters: [
        { match: '^\\+(\\d{3})', replace: '00$1' },
        { match: '7', replace: 'X' },
        { match: '1', replace: '' }, // empty replace: skipped
        { match: '', replace: 'Y' }, // empty match: skipped
      ],
    };
    expect(rewritePhone(settings, '+254712345671')).toBe('00254X12345671');
  });

  it('leaves empty recipients alone and refuses non-strings only when a rewrite applies', () => {
    expect(rewritePhone({ outgoing_phone_replace: { match: '+' } }, undefined)).toBeUndefined();
    expect(rewritePhone({}, 254712345678)).toBe(254712345678);
    expect(() => rewritePhone({ outgoing_phone_replace: { match: '+' } }, 254712345678)).toThrow(TypeError);
    expect(() => rewritePhone({ outgoing_phone_filters: [{ match: '2', replace: '3' }] }, 254)).toThrow(TypeError);
  });

  it('getPhone rewrites the resolved recipient', () => {
    const settings = { outgoing_phone_replace: { match: '+254', replace: '0' } };
    expect(getPhone(settings, buildTemplateContext(report()), 'reporting_unit').to).toBe('0700000001');
  });
});
