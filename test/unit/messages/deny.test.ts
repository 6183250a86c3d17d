import { denyReason, isGatewayNumber, isOutgoingAllowed } from '../../../lib/messages/deny';
import { isValidInternationalPhone, samePhone } from '../../../lib/messages/phone';

describe('isOutgoingAllowed (5.7)', () => {
  it('allows docs without a sender', () => {
    expect(isOutgoingAllowed({ outgoing_deny_shorter_than: 20, gateway_number: '+254700000000' }, undefined)).toBe(true);
    expect(isOutgoingAllowed({ outgoing_deny_shorter_than: 20 }, '')).toBe(true);
  });

  it('denies the gateway number itself (exact or national-number match)', () => {
    const settings = { gateway_number: '+254700000000' };
    expect(denyReason(settings, '+254700000000')).toBe('gateway_number');
    expect(denyReason(settings, '+254 700 000 000')).toBe('gateway_number');
    expect(denyReason(settings, '0700000000')).toBe('gateway_number');
    expect(isOutgoingAllowed(settings, '+254700000001')).toBe(true);
    expect(isOutgoingAllowed(settings, '+255700000000')).toBe(true);
    expect(isOutgoingAllowed({ gateway_number: 254700000000 }, '+254700000000')).toBe(true); // not a string
  });

  it('denies senders shorter than outgoing_deny_shorter_than (trimmed)', () => {
    const settings = { outgoing_deny_shorter_than: '6' };
    expect(denyReason(settings, ' 12345 ')).toBe('shorter_than');
    expect(isOutgoingAllowed(settings, '123456')).toBe(true);
    expect(isOutgoingAllowed({ outgoing_deny_shorter_than: 0 }, '1')).toBe(true);
  });

  it('denies senders with latin letters only when outgoing_deny_with_alphas is exactly true', () => {
    expect(denyReason({ outgoing_deny_with_alphas: true }, 'MPESA')).toBe('with_alphas');
    expect(isOutgoingAllowed({ outgoing_deny_with_alphas: 'true' }, 'MPESA')).toBe(true);
    expect(isOutgoingAllowed({ outgoing_deny_with_alphas: true }, '+254712345678')).toBe(true);
  });

  it('denies senders starting with an entry of the comma-separated deny list (case-insensitive, trimmed)', () => {
    const settings = { outgoing_deny_list: ' Safaricom, 800,, +25479 ' };
    expect(denyReason(settings, 'SAFARICOM')).toBe('deny_list');
    expect(denyReason(settings, ' safaricom-info')).toBe('deny_list');
    expect(denyReason(settings, '8001234')).toBe('deny_list');
    expect(denyReason(settings, '+254791234567')).toBe('deny_list');
    expect(isOutgoingAllowed(settings, '+254712345678')).toBe(true);
    expect(isOutgoingAllowed(settings, '1800')).toBe(true);
  });
});

describe('phone helpers', () => {
  it('validates only international numbers without letters', () => {
    expect(isValidInternationalPhone('+254712345678')).toBe(true);
    expect(isValidInternationalPhone('+1 650 253 0000')).toBe(true);
    expect(isValidInternationalPhone('0712345678')).toBe(false);
    expect(isValidInternationalPhone('+2547')).toBe(false);
    expect(isValidInternationalPhone('+1-800-FLOWERS')).toBe(false);
    expect(isValidInternationalPhone(254712345678)).toBe(false);
  });

  it('matches numbers like libphonenumber NSN/exact matching', () => {
    expect(samePhone('+254712345678', '+254712345678')).toBe(true);
    expect(samePhone('+254712345678', '0712345678')).toBe(true);
    expect(samePhone('0712345678', '+254712345678')).toBe(true);
    expect(samePhone('0712345678', '0712345678')).toBe(true);
    expect(samePhone('+254712345678', '+255712345678')).toBe(false);
    expect(samePhone('MPESA', 'MPESA')).toBe(false);
    expect(samePhone('', '')).toBe(false);
    expect(isGatewayNumber({}, '+254712345678')).toBe(false);
  });
});
