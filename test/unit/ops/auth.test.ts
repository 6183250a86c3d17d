import { constantTimeEqual, parseBasicAuth, requireBasicAuth } from '../../../lib/http/auth';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('parseBasicAuth', () => {
  it('decodes user and password, splitting at the first colon', () => {
    expect(parseBasicAuth(basic('gw:pa:ss'))).toEqual({ username: 'gw', password: 'pa:ss' });
    expect(parseBasicAuth(`bAsIc ${Buffer.from('a:b').toString('base64')}`)).toEqual({ username: 'a', password: 'b' });
  });

  it('rejects missing, non-basic and colon-less headers', () => {
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(basic('nocolon'))).toBeUndefined();
  });
});

describe('constantTimeEqual', () => {
  it('compares strings of any length', () => {
    expect(constantTimeEqual('secret', 'secret')).toBe(true);
    expect(constantTimeEqual('secret', 'secreT')).toBe(false);
    expect(constantTimeEqual('secret', 'secret-longer')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('requireBasicAuth', () => {
  it('refuses empty credentials', () => {
    expect(() => requireBasicAuth({ username: 'gw', password: '' })).toThrow(/password/);
    expect(() => requireBasicAuth({ username: '', password: 'x' })).toThrow(/username/);
  });
});
