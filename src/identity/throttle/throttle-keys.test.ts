import { describe, expect, it } from 'vitest';
import { accountKey, addressKey } from './throttle-keys.js';
import { defaultThrottlePolicy, delayAfter } from './throttle-policy.js';

describe('throttle keys', () => {
  it('keys an account by the SHA-256 of its trimmed, lower-cased e-mail (known answer)', () => {
    // printf 'agent@bolwerk.example' | sha256sum
    expect(accountKey('  Agent@Bolwerk.EXAMPLE ')).toBe('018f197d765a23466ebb90a4d75134fb7028ff42ed0ddc1c0e91cfe9c16d8c1a');
    expect(accountKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('keys IPv4 as is, IPv6 by its /64, IPv4-mapped IPv6 as IPv4', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:DB8:0:0:ffff::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:2:3:4:192.0.2.1')).toBe('2001:db8:1:2::/64');
  });

  it('refuses something that is not an address', () => {
    expect(() => addressKey('evil.example')).toThrow(TypeError);
  });
});

describe('throttle delays', () => {
  it('grows 1 s, 2 s, 4 s … after the free failures and stops at the cap (known answers)', () => {
    const rule = defaultThrottlePolicy.account;
    expect([0, 4, 5, 6, 7, 8, 9, 10, 1000].map((n) => delayAfter(n, rule))).toEqual([0, 0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect([19, 20, 21, 25].map((n) => delayAfter(n, defaultThrottlePolicy.address))).toEqual([0, 1000, 2000, 30_000]);
  });
});
