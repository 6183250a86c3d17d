import { isInSendWindow, lineageZone, localMinuteOfDay, sendWindow } from '../../../schedules/send-window';

const at = (iso: string) => Date.parse(iso);
const DAY = { schedule_morning_hours: 7, schedule_morning_minutes: 0, schedule_evening_hours: 20, schedule_evening_minutes: 0 };

describe('sendWindow (CHT defaults)', () => {
  it('defaults to 00:00-23:00 and treats an evening hour of 0 as 23', () => {
    expect(sendWindow({})).toEqual({ morning: 0, evening: 23 * 60 });
    expect(sendWindow({ schedule_evening_hours: 0, schedule_evening_minutes: 30 })).toEqual({ morning: 0, evening: 23 * 60 + 30 });
  });

  it('reads numeric strings as CHT parseInts them', () => {
    expect(sendWindow({ schedule_morning_hours: '7', schedule_morning_minutes: '15', schedule_evening_hours: '20' })).toEqual({ morning: 7 * 60 + 15, evening: 20 * 60 });
  });
});

describe('isInSendWindow', () => {
  it('compares at minute granularity, both ends inclusive', () => {
    expect(isInSendWindow(at('2025-03-05T06:59:59.999Z'), 'UTC', DAY)).toBe(false);
    expect(isInSendWindow(at('2025-03-05T07:00:00.000Z'), 'UTC', DAY)).toBe(true);
    expect(isInSendWindow(at('2025-03-05T20:00:59.999Z'), 'UTC', DAY)).toBe(true);
    expect(isInSendWindow(at('2025-03-05T20:01:00.000Z'), 'UTC', DAY)).toBe(false);
  });

  it('is closed between 23:01 and 23:59 by default (CHT quirk kept)', () => {
    expect(isInSendWindow(at('2025-03-05T23:00:30Z'), 'UTC', {})).toBe(true);
    expect(isInSendWindow(at('2025-03-05T23:01:00Z'), 'UTC', {})).toBe(false);
    expect(isInSendWindow(at('2025-03-05T00:00:00Z'), 'UTC', {})).toBe(true);
  });

  it('never opens when the morning is after the evening (no wrap-around)', () => {
    const night = { schedule_morning_hours: 20, schedule_evening_hours: 6 };
    for (const iso of ['2025-03-05T21:00:00Z', '2025-03-05T03:00:00Z', '2025-03-05T12:00:00Z']) {
      expect(isInSendWindow(at(iso), 'UTC', night)).toBe(false);
    }
  });

  it('evaluates the window on the wall clock of the zone', () => {
    // 05:00Z is 08:00 in Nairobi (UTC+3) but 00:00 in New York (UTC-5)
    expect(isInSendWindow(at('2025-03-05T05:00:00Z'), 'Africa/Nairobi', DAY)).toBe(true);
    expect(isInSendWindow(at('2025-03-05T05:00:00Z'), 'America/New_York', DAY)).toBe(false);
    expect(isInSendWindow(at('2025-03-05T05:00:00Z'), 'UTC', DAY)).toBe(false);
  });

  it('follows DST: Europe/Paris on the spring-forward day (30 Mar 2025)', () => {
    // before the change 07:00 local = 06:00Z; after it (CEST, UTC+2) 07:00 local = 05:00Z
    expect(localMinuteOfDay(at('2025-03-30T01:00:00Z'), 'Europe/Paris')).toBe(3 * 60); // 02:00 does not exist
    expect(isInSendWindow(at('2025-03-29T05:30:00Z'), 'Europe/Paris', DAY)).toBe(false); // 06:30 CET
    expect(isInSendWindow(at('2025-03-30T05:30:00Z'), 'Europe/Paris', DAY)).toBe(true); // 07:30 CEST
    expect(isInSendWindow(at('2025-03-30T18:00:00Z'), 'Europe/Paris', DAY)).toBe(true); // 20:00 CEST
    expect(isInSendWindow(at('2025-03-30T18:01:00Z'), 'Europe/Paris', DAY)).toBe(false); // 20:01 CEST
  });

  it('follows DST: America/New_York on the fall-back day (2 Nov 2025)', () => {
    // EDT (UTC-4) until 06:00Z, then EST (UTC-5)
    expect(isInSendWindow(at('2025-11-02T11:59:00Z'), 'America/New_York', DAY)).toBe(false); // 06:59 EST
    expect(isInSendWindow(at('2025-11-02T12:00:00Z'), 'America/New_York', DAY)).toBe(true); // 07:00 EST
    expect(isInSendWindow(at('2025-11-01T11:00:00Z'), 'America/New_York', DAY)).toBe(true); // 07:00 EDT the day before
    expect(isInSendWindow(at('2025-11-03T01:00:00Z'), 'America/New_York', DAY)).toBe(true); // 20:00 EST
    expect(isInSendWindow(at('2025-11-02T01:00:00Z'), 'America/New_York', DAY)).toBe(false); // 21:00 EDT the evening before
  });

  it('a window starting in the skipped hour opens at the first wall-clock minute after it', () => {
    const early = { schedule_morning_hours: 2, schedule_morning_minutes: 30, schedule_evening_hours: 22 };
    expect(isInSendWindow(at('2025-03-30T00:59:00Z'), 'Europe/Paris', early)).toBe(false); // 01:59 CET
    expect(isInSendWindow(at('2025-03-30T01:00:00Z'), 'Europe/Paris', early)).toBe(true); // 03:00 CEST
  });
});

describe('lineageZone', () => {
  it('takes the nearest valid timezone of the report place, then patient, then submitter lineage', () => {
    const district = { _id: 'd', timezone: 'Africa/Nairobi' };
    const clinic = { _id: 'c', parent: { _id: 'hc', timezone: 'Africa/Kampala', parent: district } };
    expect(lineageZone({ _id: 'r', type: 'data_record', contact: { _id: 'chw', parent: clinic } })).toBe('Africa/Kampala');
    expect(lineageZone({ _id: 'r', type: 'data_record', contact: { _id: 'chw', parent: district } })).toBe('Africa/Nairobi');
    expect(
      lineageZone({ _id: 'r', type: 'data_record', patient: { _id: 'p', parent: { _id: 'x', timezone: 'Asia/Kathmandu' } }, contact: { _id: 'chw', parent: clinic } }),
    ).toBe('Asia/Kathmandu');
    expect(lineageZone({ _id: 'r', type: 'data_record', place: { _id: 'pl', timezone: 'Europe/Paris' }, patient: { _id: 'p', timezone: 'UTC' } })).toBe('Europe/Paris');
  });

  it('skips invalid zones and uses a contact doc own lineage', () => {
    expect(lineageZone({ _id: 'p', type: 'person', timezone: 'Mars/Olympus', parent: { _id: 'c', timezone: 'Africa/Lagos' } })).toBe('Africa/Lagos');
    expect(lineageZone({ _id: 'r', type: 'data_record', timezone: 'Africa/Lagos' })).toBeUndefined();
    expect(lineageZone({ _id: 'r', type: 'data_record', contact: { _id: 'chw' } })).toBeUndefined();
  });
});
