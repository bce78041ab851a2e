import * as argon2 from '@node-rs/argon2';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD_HASH_PARAMETERS, dummyVerify, verifyPassword } from './password-hash.js';

// The real library, with `verify` watched, so the tests can see what work each call does.
// No timed assertions (DESIGN.md): equal work is shown by structure, not by a stopwatch.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof argon2>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

const KNOWN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$VoPLBnauU4I0nrFxhQ4o4g$w9G7fr4CZU9NucI9zAkcz54VE+QNP8uSUTfD+Jn4ZXs';
const verify = vi.mocked(argon2.verify);

describe('user enumeration by timing', () => {
  beforeEach(() => {
    verify.mockClear();
  });

  it('ASVS 6.3.8: an unknown account costs one real Argon2id verification with today’s parameters', async () => {
    await dummyVerify('Tr0ub4dor&3 horse');
    expect(verify).toHaveBeenCalledTimes(1);
    const [hashUsed, passwordUsed] = verify.mock.calls[0] ?? [];
    expect(argon2.parseOptions(hashUsed ?? '')).toMatchObject(PASSWORD_HASH_PARAMETERS);
    expect(passwordUsed).toBe('Tr0ub4dor&3 horse');
  });

  it('ASVS 6.3.8: a known account with a wrong password does the same single verification', async () => {
    expect(await verifyPassword(KNOWN_HASH, 'Tr0ub4dor&3 horse')).toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [hashUsed] = verify.mock.calls[0] ?? [];
    expect(argon2.parseOptions(hashUsed ?? '')).toEqual(argon2.parseOptions(KNOWN_HASH));
  });

  it('normalises the guessed password for unknown accounts as for real ones', async () => {
    await dummyVerify('Cre\u0300me');
    expect(verify.mock.calls[0]?.[1]).toBe('Crème');
  });
});

describe('a planted hash', () => {
  beforeEach(() => {
    verify.mockClear();
  });

  it('refuses a hash demanding 4 TiB of memory without running Argon2 (denial of service)', async () => {
    const planted = KNOWN_HASH.replace('m=19456', 'm=4294967295');
    expect(argon2.parseOptions(planted).memoryCost).toBe(4_294_967_295);
    expect(await verifyPassword(planted, 'anything at all')).toBe(false);
    expect(verify).not.toHaveBeenCalled();
  });

  it('refuses a hash demanding a billion passes without running Argon2', async () => {
    const planted = KNOWN_HASH.replace('t=2', 't=1000000000');
    expect(argon2.parseOptions(planted).timeCost).toBe(1_000_000_000);
    expect(await verifyPassword(planted, 'anything at all')).toBe(false);
    expect(verify).not.toHaveBeenCalled();
  });
});
