import { describe, expect, it } from 'vitest';
import { providerReportsMfa } from './provider-mfa.js';

describe('providerReportsMfa (RFC 8176 amr)', () => {
  it.each([
    [['mfa'], true],
    [['pwd', 'mfa'], true],
    [['pwd', 'otp'], true],
    [['pin', 'hwk'], true],
    [['swk', 'fpt'], true],
    [['pwd', 'sms'], true],
  ])('counts %j as multi-factor', (amr, expected) => {
    expect(providerReportsMfa(amr)).toBe(expected);
  });

  it.each([
    [['pwd']],
    [['otp']],
    [['hwk', 'swk']],
    [['pwd', 'kba']],
    [['pwd', 'user']],
    [['pwd', 'geo']],
    [[]],
  ])('does not count %j, one kind of factor, as multi-factor', (amr) => {
    expect(providerReportsMfa(amr)).toBe(false);
  });

  it('takes no malformed claim as evidence of MFA', () => {
    expect(providerReportsMfa(undefined)).toBe(false);
    expect(providerReportsMfa('mfa')).toBe(false);
    expect(providerReportsMfa(['mfa', 1])).toBe(false);
    expect(providerReportsMfa({ 0: 'mfa', length: 1 })).toBe(false);
  });
});
