import { fitToLimit, segments } from '../../../lib/messages/segments';

describe('segments (5.9)', () => {
  it('GSM-7: 160 characters in one SMS, then parts of 153', () => {
    expect(segments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', count: 1 });
    const two = segments('a'.repeat(161));
    expect(two.count).toBe(2);
    expect(two.parts.map((p) => p.length)).toEqual([153, 8]);
  });

  it('GSM-7 extension characters count double', () => {
    expect(segments('{'.repeat(80)).count).toBe(1);
    expect(segments('{'.repeat(81)).count).toBe(2);
    expect(segments('€'.repeat(80)).count).toBe(1);
  });

  it('Unicode: 70 characters in one SMS, then parts of 67', () => {
    expect(segments('ж'.repeat(70))).toMatchObject({ encoding: 'UCS-2', count: 1 });
    const two = segments('ж'.repeat(71));
    expect(two).toMatchObject({ encoding: 'UCS-2', count: 2 });
    expect(two.parts.map((p) => p.length)).toEqual([67, 4]);
  });
});

describe('fitToLimit (multipart_sms_limit)', () => {
  it('keeps texts within the default limit of 10 parts', () => {
    const text = 'a'.repeat(1530);
    expect(fitToLimit(text, {})).toEqual({ message: text });
  });

  it('truncates past the default limit with "..." and keeps the original', () => {
    const text = 'b'.repeat(1531);
    const fitted = fitToLimit(text, {});
    expect(fitted.message).toBe('b'.repeat(1527) + '...');
    expect(fitted.original_message).toBe(text);
  });

  it('honours multipart_sms_limit for GSM and Unicode texts', () => {
    const gsmText = 'x'.repeat(400);
    expect(fitToLimit(gsmText, { multipart_sms_limit: 2 })).toEqual({
      message: 'x'.repeat(303) + '...',
      original_message: gsmText,
    });
    const ucs = 'é'.repeat(10) + 'ж'.repeat(100);
    const fitted = fitToLimit(ucs, { multipart_sms_limit: 1 });
    expect(fitted.message).toBe(ucs.slice(0, 64) + '...');
    expect(fitted.message).toHaveLength(67);
    expect(fitted.original_message).toBe(ucs);
  });
});
