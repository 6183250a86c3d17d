/** The reminder doc of one place, its id, and who gets one (spec 8.2). */
import { createMessaging, DuplicateGuard } from '../../../lib/messages';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc } from '../../../lib/types';
import { readReminders } from '../../../schedules/reminders/config';
import {
  buildReminderDoc,
  logOccurrenceMs,
  primaryContactPhone,
  reminderId,
  reminderLogId,
  sentRecently,
  skipReason,
} from '../../../schedules/reminders/reminder-doc';

const NOW = Date.parse('2025-03-05T10:00:00.000Z');
const OCCURRENCE = Date.parse('2025-03-05T09:00:00.000Z');

const place: Doc = {
  _id: 'hh1',
  type: 'contact',
  contact_type: 'household',
  name: 'Kamau household',
  contact: { _id: 'p1', type: 'contact', contact_type: 'chw', name: 'Wanjiru', phone: '+254700000001', parent: { _id: 'hh1', parent: { _id: 'area1' } } },
  parent: { _id: 'area1', type: 'contact', contact_type: 'area', name: 'Area 1', parent: { _id: 'district1', name: 'D' } },
};

function env(settings: Record<string, any> = {}) {
  const clock = new ManualClock(NOW, 'UTC');
  const messaging = createMessaging({ settings: { locale: 'en', ...settings }, translations: { en: { 'rem.w': 'Week {{week}}/{{year}}: {{name}} ({{contact.name}})' } }, clock, duplicates: new DuplicateGuard() });
  return { messaging, zone: 'UTC', nowMs: NOW };
}
const plan = (config: Record<string, any>) => {
  const { reminders } = readReminders({ contact_types: [{ id: 'household' }], reminders: [{ form: 'W', text_expression: 'at 9:00', ...config }] });
  return reminders[0];
};

describe('ids', () => {
  it('are deterministic', () => {
    expect(reminderId('W', OCCURRENCE, 'hh1')).toBe('reminder:W:1741165200000:hh1');
    expect(reminderLogId('W', OCCURRENCE)).toBe('reminderlog:W:1741165200000');
  });
  it('give back the occurrence of a log, also for forms with ":"', () => {
    expect(logOccurrenceMs('reminderlog:A:B:1741165200000')).toBe(OCCURRENCE);
    expect(logOccurrenceMs('reminderlog:W:x')).toBeUndefined();
  });
});

describe('buildReminderDoc', () => {
  it('renders the message for the place with week and year and sends it to the primary contact', () => {
    const doc = buildReminderDoc(plan({ translation_key: 'rem.w' }), OCCURRENCE, place, env());
    expect(doc).toEqual({
      _id: 'reminder:W:1741165200000:hh1',
      type: 'reminder',
      contact: { _id: 'p1', parent: { _id: 'hh1', parent: { _id: 'area1' } } },
      place: { _id: 'hh1', parent: { _id: 'area1', parent: { _id: 'district1' } } },
      form: 'W',
      reported_date: NOW,
      tasks: [
        {
          messages: [{ uuid: expect.any(String), to: '+254700000001', message: 'Week 10/2025: Kamau household (Wanjiru)' }],
          state: 'pending',
          state_history: [{ state: 'pending', timestamp: new Date(NOW).toISOString() }],
          form: 'W',
          timestamp: '2025-03-05T09:00:00.000Z',
          type: 'reminder',
        },
      ],
    });
  });

  it('denies a message to a deny-listed number', () => {
    const doc = buildReminderDoc(plan({ message: 'hi' }), OCCURRENCE, place, env({ outgoing_deny_list: '+254700000001' }));
    expect(doc.tasks[0].state).toBe('denied');
  });

  it('records a template that fails to render as an error, without a task (as CHT)', () => {
    const doc = buildReminderDoc(plan({ message: 'Hi {{#name}' }), OCCURRENCE, place, env());
    expect(doc.tasks).toEqual([]);
    expect(doc.errors).toEqual([expect.objectContaining({ code: 'parse_error' })]);
  });
});

describe('skipReason', () => {
  const iso = new Date(OCCURRENCE).toISOString();
  it('skips places without a primary contact, muted ones and ones with a legacy task for the occurrence', () => {
    expect(skipReason({ _id: 'a' }, 'W', iso)).toBe('no_contact');
    expect(skipReason({ _id: 'a', contact: { _id: 'p' }, muted: 'sometime' }, 'W', iso)).toBe('muted');
    expect(skipReason({ _id: 'a', contact: { _id: 'p' }, tasks: [{ form: 'W', timestamp: iso }] }, 'W', iso)).toBe('legacy_task');
    expect(skipReason({ _id: 'a', contact: { _id: 'p' }, tasks: [{ form: 'X', timestamp: iso }] }, 'W', iso)).toBeUndefined();
    expect(skipReason({ _id: 'a', contact: { _id: 'p' }, muted: false }, 'W', iso)).toBeUndefined();
  });
});

describe('sentRecently', () => {
  const twoDays = { amount: 2, unit: 'day' as const };
  it('mutes while occurrence <= last sent + duration (inclusive)', () => {
    expect(sentRecently(OCCURRENCE, OCCURRENCE - 2 * 86_400_000, twoDays, 'UTC')).toBe(true);
    expect(sentRecently(OCCURRENCE, OCCURRENCE - 2 * 86_400_000 - 1, twoDays, 'UTC')).toBe(false);
    expect(sentRecently(OCCURRENCE, OCCURRENCE + 60_000, twoDays, 'UTC')).toBe(true);
  });
  it('does not mute without a duration or a submission', () => {
    expect(sentRecently(OCCURRENCE, OCCURRENCE, undefined, 'UTC')).toBe(false);
    expect(sentRecently(OCCURRENCE, undefined, twoDays, 'UTC')).toBe(false);
    expect(sentRecently(OCCURRENCE, 0, twoDays, 'UTC')).toBe(false);
  });
  it('adds calendar units in the zone (a DST day has 23 hours)', () => {
    const sent = Date.parse('2025-03-08T09:00:00-05:00'); // New York, before the change
    const sameWallTime = Date.parse('2025-03-09T09:00:00-04:00'); // 23 h later
    expect(sentRecently(sameWallTime, sent, { amount: 1, unit: 'day' }, 'America/New_York')).toBe(true);
    expect(sentRecently(sameWallTime + 1, sent, { amount: 1, unit: 'day' }, 'America/New_York')).toBe(false);
    expect(sentRecently(Date.parse('2025-03-10T09:00:00Z'), Date.parse('2025-02-10T09:00:00Z'), { amount: 1, unit: 'month' }, 'UTC')).toBe(true);
  });
});

describe('primaryContactPhone', () => {
  it('is the hydrated contact phone, if any', () => {
    expect(primaryContactPhone(place)).toBe('+254700000001');
    expect(primaryContactPhone({ _id: 'x', contact: { _id: 'p' } })).toBeUndefined();
    expect(primaryContactPhone({ _id: 'x', contact: { _id: 'p', phone: '  ' } })).toBeUndefined();
  });
});
