import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  findRecoveryCode,
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
} from './recovery-codes.js';

// Requirement ids are OWASP ASVS 5.0.0, chapter V6 Authentication, section V6.5 "General
// Multi-factor authentication requirements", where recovery codes are "lookup secrets"
// (source: github.com/OWASP/ASVS, 5.0/en/0x15-V6-Authentication.md, commit 04f377fa2cfb).
//   6.5.1 lookup secrets are only successfully usable once
//   6.5.2 lookup secrets under 112 bits need a salted password hash; at 112 bits or more a
//         standard hash function may be used
//   6.5.3 lookup secrets come from a CSPRNG
//   6.5.4 lookup secrets have at least 20 bits of entropy

/** The single-use flow the identity store implements: find by hash, then remove that hash. */
class InMemoryRecoveryCodes {
  #unused: string[];

  constructor(hashes: readonly string[]) {
    this.#unused = [...hashes];
  }

  redeem(input: string): 'accepted' | 'refused' {
    const hash = findRecoveryCode(input, this.#unused);
    if (hash === undefined) return 'refused';
    this.#unused = this.#unused.filter((unused) => unused !== hash);
    return 'accepted';
  }

  remaining(): number {
    return this.#unused.length;
  }
}

const GROUPED = new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{5}(-[${RECOVERY_CODE_ALPHABET}]{5}){4}$`);

describe('newRecoveryCodes', () => {
  it('makes ten distinct codes, grouped for people, with one hash each', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(new Set(codes).size).toBe(10);
    expect(new Set(hashes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(GROUPED);
  });

  it('stores SHA-256 hex of the normalised code, never the code (ASVS 5.0 6.5.2)', () => {
    const { codes, hashes } = newRecoveryCodes();
    codes.forEach((code, index) => {
      const expected = createHash('sha256').update(code.replaceAll('-', ''), 'utf8').digest('hex');
      expect(hashes[index]).toBe(expected);
      expect(hashes[index]).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('carries at least 112 bits per code, so a fast hash is allowed (ASVS 5.0 6.5.2, and 6.5.4 by far)', () => {
    const alphabetSize = new Set(RECOVERY_CODE_ALPHABET).size;
    expect(alphabetSize).toBe(RECOVERY_CODE_ALPHABET.length);
    const bits = RECOVERY_CODE_LENGTH * Math.log2(alphabetSize);
    expect(bits).toBeGreaterThanOrEqual(112);
    expect(bits).toBeGreaterThanOrEqual(20);
    const { codes } = newRecoveryCodes();
    for (const code of codes) expect(normaliseRecoveryCode(code)).toHaveLength(RECOVERY_CODE_LENGTH);
  });

  it('uses an alphabet without characters people confuse: no 0/o, 1/l/i, no upper case', () => {
    for (const ambiguous of ['0', 'o', 'O', '1', 'l', 'I', 'i']) expect(RECOVERY_CODE_ALPHABET).not.toContain(ambiguous);
  });

  it('draws every symbol of the alphabet: the generator is not stuck on part of it (ASVS 5.0 6.5.3)', () => {
    const seen = new Set<string>();
    for (let round = 0; round < 20; round += 1) {
      for (const code of newRecoveryCodes().codes) for (const symbol of normaliseRecoveryCode(code)) seen.add(symbol);
    }
    // 5,000 draws from 31 symbols: the chance of missing one by luck is below 1e-60.
    expect([...seen].sort().join('')).toBe([...RECOVERY_CODE_ALPHABET].sort().join(''));
  });
});

describe('normaliseRecoveryCode', () => {
  it('ignores case, spaces and dashes', () => {
    expect(normaliseRecoveryCode('ABCDE-fghjk mnpqr-STUVW -xyz23')).toBe('abcdefghjkmnpqrstuvwxyz23');
    expect(normaliseRecoveryCode('  abcde fghjk  ')).toBe('abcdefghjk');
  });

  it('is what the stored hash is made of', () => {
    expect(hashRecoveryCode(normaliseRecoveryCode('ABCDE-FGHJK'))).toBe(hashRecoveryCode('abcdefghjk'));
  });
});

describe('findRecoveryCode', () => {
  it('finds a code however the user typed it', () => {
    const { codes, hashes } = newRecoveryCodes();
    const code = codes[3] ?? '';
    expect(findRecoveryCode(code, hashes)).toBe(hashes[3]);
    expect(findRecoveryCode(code.toUpperCase(), hashes)).toBe(hashes[3]);
    expect(findRecoveryCode(code.replaceAll('-', ' '), hashes)).toBe(hashes[3]);
    expect(findRecoveryCode(code.replaceAll('-', ''), hashes)).toBe(hashes[3]);
  });

  it('rejects a stolen recovery code used twice (ASVS 5.0 6.5.1)', () => {
    const { codes, hashes } = newRecoveryCodes();
    const store = new InMemoryRecoveryCodes(hashes);
    const stolen = codes[0] ?? '';
    expect(store.redeem(stolen)).toBe('accepted');
    expect(store.redeem(stolen)).toBe('refused');
    expect(store.redeem(stolen.toUpperCase().replaceAll('-', ' '))).toBe('refused');
    expect(store.remaining()).toBe(9);
    // The other nine still work, each once.
    for (const code of codes.slice(1)) expect(store.redeem(code)).toBe('accepted');
    for (const code of codes) expect(store.redeem(code)).toBe('refused');
    expect(store.remaining()).toBe(0);
  });

  it("rejects another user's recovery code", () => {
    const mine = newRecoveryCodes();
    const theirs = newRecoveryCodes();
    expect(findRecoveryCode(theirs.codes[0] ?? '', mine.hashes)).toBeUndefined();
  });

  it('rejects a guess one character away from a real code', () => {
    const { codes, hashes } = newRecoveryCodes();
    const code = normaliseRecoveryCode(codes[0] ?? '');
    const last = code.at(-1) === 'a' ? 'b' : 'a';
    expect(findRecoveryCode(`${code.slice(0, -1)}${last}`, hashes)).toBeUndefined();
  });

  it('rejects a stolen hash presented as the code', () => {
    const { hashes } = newRecoveryCodes();
    expect(findRecoveryCode(hashes[0] ?? '', hashes)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['too short', 'abcde-fghjk'],
    ['too long', 'abcde-fghjk-mnpqr-stuvw-xyz23-a'],
    ['an ambiguous character', 'abcd0-fghjk-mnpqr-stuvw-xyz23'],
    ['full-width letters', 'ａbcde-fghjk-mnpqr-stuvw-xyz23'],
    ['a huge input', 'a'.repeat(10_000)],
  ])('rejects input with %s without matching anything', (_name, input) => {
    const { hashes } = newRecoveryCodes();
    expect(findRecoveryCode(input, hashes)).toBeUndefined();
  });

  it('never matches a corrupt stored hash of another length', () => {
    const { codes } = newRecoveryCodes();
    expect(findRecoveryCode(codes[0] ?? '', ['', 'abc'])).toBeUndefined();
  });
});
