import { isFormCodeSame, isMuteForm, isUnmuteForm, messageFor } from '../../../lib/muting/config';

describe('isFormCodeSame (CHT quirks kept)', () => {
  it('matches case-insensitively, with trailing non-word characters on the candidate', () => {
    expect(isFormCodeSame('mute', 'MUTE')).toBe(true);
    expect(isFormCodeSame('MUTE', 'mute!')).toBe(true);
    expect(isFormCodeSame('mute', 'unmute')).toBe(false);
    expect(isFormCodeSame('mute', 'muted')).toBe(false);
  });

  it('treats the leading W* literally (the missing backslash) and does not escape the code', () => {
    expect(isFormCodeSame('mute', 'WWmute')).toBe(true);
    expect(isFormCodeSame('mute', '!mute')).toBe(false);
    expect(isFormCodeSame('m.te', 'mute')).toBe(true);
  });

  it('a form code that is not a valid regex matches nothing', () => {
    expect(isFormCodeSame('mu(te', 'mu(te')).toBe(false);
    expect(isFormCodeSame(undefined, 'mute')).toBe(false);
  });
});

describe('mute / unmute forms', () => {
  const config = { mute_forms: ['MUTE', 'stop'], unmute_forms: ['UNMUTE'] };
  it('classifies a report form against the configured codes', () => {
    expect(isMuteForm(config, 'mute')).toBe(true);
    expect(isMuteForm(config, 'STOP')).toBe(true);
    expect(isUnmuteForm(config, 'unmute')).toBe(true);
    expect(isMuteForm(config, 'unmute')).toBe(false);
    expect(isUnmuteForm({ mute_forms: ['m'] }, 'unmute')).toBe(false);
  });

  it('finds the first message of an event type', () => {
    const messages = [{ event_type: 'mute', message: 'a' }, { event_type: 'mute', message: 'b' }];
    expect(messageFor({ messages }, 'mute')?.message).toBe('a');
    expect(messageFor({}, 'mute')).toBeUndefined();
  });
});
