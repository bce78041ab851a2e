import type * as NodeCrypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Counts the constant-time comparisons. An early exit after a match would let an attacker time
// which drift step or which recovery-code slot matched; these tests fail if one creeps in.
const calls = vi.hoisted(() => ({ timingSafeEqual: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof NodeCrypto>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView): boolean => {
      calls.timingSafeEqual += 1;
      return original.timingSafeEqual(a, b);
    },
  };
});

const { Secret, TOTP } = await import('otpauth');
const { totpSecretFromBytes, verifyTotp } = await import('./totp.js');
const { findRecoveryCode, newRecoveryCodes } = await import('./recovery-codes.js');

const SEED = '12345678901234567890';
const T = 1111111111;

function appCode(seconds: number): string {
  return TOTP.generate({ secret: Secret.fromLatin1(SEED), timestamp: seconds * 1000 });
}

afterEach(() => {
  calls.timingSafeEqual = 0;
});

describe('constant-time comparison', () => {
  it.each([
    ['previous', T - 30],
    ['current', T],
    ['next', T + 30],
  ])('compares all three drift steps when the %s step matches', (_name, seconds) => {
    calls.timingSafeEqual = 0;
    const result = verifyTotp(totpSecretFromBytes(Buffer.from(SEED, 'ascii')), appCode(seconds), {
      now: new Date(T * 1000),
      lastUsedStep: null,
    });
    expect(result.ok).toBe(true);
    expect(calls.timingSafeEqual).toBe(3);
  });

  it('compares against every unused recovery-code hash, even when the first one matches', () => {
    const { codes, hashes } = newRecoveryCodes();
    calls.timingSafeEqual = 0;
    expect(findRecoveryCode(codes[0] ?? '', hashes)).toBe(hashes[0]);
    expect(calls.timingSafeEqual).toBe(10);
  });
});
