import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { DecryptionError, generateDataKey } from '../../platform/crypto/index.js';
import { MfaError } from './mfa-error.js';
import {
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpSecretFromBytes,
  totpStep,
  totpUri,
  verifyTotp,
  type TotpSecret,
} from './totp.js';

// Requirement ids are OWASP ASVS 5.0.0, chapter V6 Authentication, section V6.5 "General
// Multi-factor authentication requirements", which in 5.0 covers both TOTPs and lookup secrets
// (source: github.com/OWASP/ASVS, 5.0/en/0x15-V6-Authentication.md, commit 04f377fa2cfb).
//   6.5.1 lookup secrets and TOTPs are only successfully usable once
//   6.5.3 TOTP seeds come from a CSPRNG
//   6.5.5 TOTPs have a defined lifetime (at most 30 seconds)
//   6.5.8 TOTPs are checked against a trusted time source, not a client-provided time

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SEED = '12345678901234567890';
const rfcSecret = totpSecretFromBytes(Buffer.from(RFC_SEED, 'ascii'));

const RFC_6238_SHA1_VECTORS: readonly { readonly seconds: number; readonly code: string }[] = [
  { seconds: 59, code: '94287082' },
  { seconds: 1111111109, code: '07081804' },
  { seconds: 1111111111, code: '14050471' },
  { seconds: 1234567890, code: '89005924' },
  { seconds: 2000000000, code: '69279037' },
  { seconds: 20000000000, code: '65353130' },
];

/** What the user's authenticator app shows at `seconds`: otpauth with the production settings. */
function appCode(seconds: number): string {
  return TOTP.generate({ secret: Secret.fromLatin1(RFC_SEED), algorithm: 'SHA1', digits: 6, period: 30, timestamp: seconds * 1000 });
}

function at(seconds: number): Date {
  return new Date(seconds * 1000);
}

const T = 1111111111;
const STEP = Math.floor(T / 30);

describe('TOTP known answers (RFC 6238 Appendix B, SHA-1)', () => {
  it.each(RFC_6238_SHA1_VECTORS)('otpauth gives $code at T=$seconds with 8 digits', ({ seconds, code }) => {
    const generated = TOTP.generate({ secret: Secret.fromLatin1(RFC_SEED), algorithm: 'SHA1', digits: 8, period: 30, timestamp: seconds * 1000 });
    expect(generated).toBe(code);
  });

  it.each(RFC_6238_SHA1_VECTORS)('the verifier accepts the last six digits of $code at T=$seconds', ({ seconds, code }) => {
    const result = verifyTotp(rfcSecret, code.slice(-6), { now: at(seconds), lastUsedStep: null });
    expect(result).toEqual({ ok: true, step: Math.floor(seconds / 30) });
  });

  it('computes the RFC step T = floor(unix time / 30) from the server clock (ASVS 5.0 6.5.8)', () => {
    expect(totpStep(at(59))).toBe(1);
    expect(totpStep(at(1111111109))).toBe(0x23523ec);
    expect(totpStep(at(20000000000))).toBe(0x27bc86aa);
  });
});

describe('verifyTotp: drift window', () => {
  it('accepts the code of the previous step (the app clock is behind)', () => {
    expect(verifyTotp(rfcSecret, appCode(T - 30), { now: at(T), lastUsedStep: null })).toEqual({ ok: true, step: STEP - 1 });
  });

  it('accepts the code of the next step (the app clock is ahead)', () => {
    expect(verifyTotp(rfcSecret, appCode(T + 30), { now: at(T), lastUsedStep: null })).toEqual({ ok: true, step: STEP + 1 });
  });

  it('refuses a code two steps old: a TOTP has a defined 30-second lifetime (ASVS 5.0 6.5.5)', () => {
    expect(verifyTotp(rfcSecret, appCode(T - 60), { now: at(T), lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code two steps ahead, so a code read early is no pre-played credential', () => {
    expect(verifyTotp(rfcSecret, appCode(T + 60), { now: at(T), lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('rejects a guessed code that matches no step in the window', () => {
    const window = [appCode(T - 30), appCode(T), appCode(T + 30)];
    const guess = ['000000', '111111', '222222'].find((candidate) => !window.includes(candidate)) ?? '333333';
    expect(verifyTotp(rfcSecret, guess, { now: at(T), lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });

  it("rejects another user's current code", () => {
    const otherUser = newTotpSecret();
    const theirCode = TOTP.generate({ secret: Secret.fromBase32(otherUser.base32()), timestamp: T * 1000 });
    const ours = [appCode(T - 30), appCode(T), appCode(T + 30)];
    // One in a million, the other user's code is also one of ours; then the test proves nothing.
    if (ours.includes(theirCode)) return;
    expect(verifyTotp(rfcSecret, theirCode, { now: at(T), lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });
});

describe('verifyTotp: replay (ASVS 5.0 6.5.1)', () => {
  it('rejects a replayed TOTP code (ASVS 5.0 6.5.1)', () => {
    const code = appCode(T);
    const first = verifyTotp(rfcSecret, code, { now: at(T), lastUsedStep: null });
    expect(first).toEqual({ ok: true, step: STEP });
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp(rfcSecret, code, { now: at(T + 5), lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('rejects a code sniffed and replayed in the next step, while it is still inside the drift window', () => {
    const code = appCode(T);
    expect(verifyTotp(rfcSecret, code, { now: at(T + 30), lastUsedStep: STEP })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('rejects a code from an earlier step once a later step was used', () => {
    // The user's app ran ahead and the code of STEP + 1 was accepted; an older code is now spent too.
    expect(verifyTotp(rfcSecret, appCode(T - 30), { now: at(T), lastUsedStep: STEP + 1 })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(rfcSecret, appCode(T), { now: at(T), lastUsedStep: STEP + 1 })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts the next fresh code after one was used', () => {
    expect(verifyTotp(rfcSecret, appCode(T + 30), { now: at(T + 30), lastUsedStep: STEP })).toEqual({ ok: true, step: STEP + 1 });
  });
});

describe('verifyTotp: input format', () => {
  it.each([
    ['empty', ''],
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['letters', 'abcdef'],
    ['full-width digits', '１２３４５６'],
    ['Arabic-Indic digits', '١٢٣٤٥٦'],
    ['a dash', '123-456'],
    ['a tab', '123\t456'],
    ['a non-breaking space', '123\u00a0456'],
    ['a sign', '+123456'],
    ['a very long string of spaces and digits', `${' '.repeat(40)}123456`],
  ])('rejects %s as malformed', (_name, input) => {
    expect(verifyTotp(rfcSecret, input, { now: at(T), lastUsedStep: null })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts a code typed as the app shows it, "123 456", and with spaces around', () => {
    const code = appCode(T);
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(verifyTotp(rfcSecret, spaced, { now: at(T), lastUsedStep: null })).toEqual({ ok: true, step: STEP });
    expect(verifyTotp(rfcSecret, ` ${code} `, { now: at(T), lastUsedStep: null })).toEqual({ ok: true, step: STEP });
  });

  it('refuses a corrupt last used step rather than treating it as none', () => {
    for (const lastUsedStep of [-1, 1.5, Number.NaN]) {
      expect(() => verifyTotp(rfcSecret, appCode(T), { now: at(T), lastUsedStep })).toThrow(MfaError);
    }
  });

  it('refuses an invalid clock rather than guessing a step', () => {
    expect(() => verifyTotp(rfcSecret, appCode(T), { now: new Date(Number.NaN), lastUsedStep: null })).toThrow(MfaError);
  });
});

describe('TOTP secrets', () => {
  it('makes a 160-bit secret from the CSPRNG, different every time (ASVS 5.0 6.5.3)', () => {
    const first = newTotpSecret();
    const second = newTotpSecret();
    expect(first.bytes()).toHaveLength(20);
    expect(first.base32()).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.bytes().equals(second.bytes())).toBe(false);
    expect(Buffer.from(Secret.fromBase32(first.base32()).buffer).equals(first.bytes())).toBe(true);
  });

  it('refuses raw secrets of the wrong size', () => {
    expect(() => totpSecretFromBytes(randomBytes(19))).toThrow(MfaError);
    expect(() => totpSecretFromBytes(randomBytes(32))).toThrow(MfaError);
  });

  it('does not leak the secret through a logger or JSON', () => {
    const secret = newTotpSecret();
    expect(JSON.stringify({ secret })).not.toContain(secret.base32());
    expect(inspect({ secret })).not.toContain(secret.base32());
  });

  it('hands out copies, so a caller cannot change the secret inside', () => {
    const secret = totpSecretFromBytes(Buffer.from(RFC_SEED, 'ascii'));
    secret.bytes().fill(0);
    expect(secret.bytes().toString('ascii')).toBe(RFC_SEED);
  });
});

describe('totpUri', () => {
  it('gives the otpauth:// URI authenticator apps accept: SHA1, 6 digits, 30 s', () => {
    const secret = newTotpSecret();
    const uri = totpUri(secret, { issuer: 'Bolwerk', account: 'agent@example.com' });
    expect(uri.startsWith('otpauth://totp/Bolwerk:agent%40example.com?')).toBe(true);
    const parsed = new URL(uri);
    expect(parsed.searchParams.get('issuer')).toBe('Bolwerk');
    expect(parsed.searchParams.get('secret')).toBe(secret.base32());
    expect(parsed.searchParams.get('algorithm')).toBe('SHA1');
    expect(parsed.searchParams.get('digits')).toBe('6');
    expect(parsed.searchParams.get('period')).toBe('30');
    const app = URI.parse(uri);
    expect(app).toBeInstanceOf(TOTP);
    expect(verifyTotp(secret, app.generate({ timestamp: T * 1000 }), { now: at(T), lastUsedStep: null })).toEqual({ ok: true, step: STEP });
  });

  it('refuses an issuer or account whose colon would change the label the app shows', () => {
    const secret = newTotpSecret();
    expect(() => totpUri(secret, { issuer: 'Bol:werk', account: 'agent@example.com' })).toThrow(MfaError);
    expect(() => totpUri(secret, { issuer: '', account: 'agent@example.com' })).toThrow(MfaError);
    expect(() => totpUri(secret, { issuer: 'Bolwerk', account: 'Bolwerk:admin@example.com' })).toThrow(MfaError);
    expect(() => totpUri(secret, { issuer: 'Bolwerk', account: '' })).toThrow(MfaError);
  });
});

describe('TOTP secrets at rest', () => {
  const dataKey = generateDataKey();

  function sealed(userId: string, secret: TotpSecret): Buffer {
    return sealTotpSecret(dataKey, userId, secret);
  }

  it('round-trips a sealed secret for the same user', () => {
    const secret = newTotpSecret();
    expect(openTotpSecret(dataKey, 'user-1', sealed('user-1', secret)).bytes().equals(secret.bytes())).toBe(true);
  });

  it("rejects a sealed secret copied into another user's row", () => {
    const stolen = sealed('user-1', newTotpSecret());
    expect(() => openTotpSecret(dataKey, 'user-2', stolen)).toThrow(DecryptionError);
    expect(() => openTotpSecret(dataKey, 'user-10', sealed('user-1', newTotpSecret()))).toThrow(DecryptionError);
  });

  it("rejects a sealed secret opened with another user's data key", () => {
    expect(() => openTotpSecret(generateDataKey(), 'user-1', sealed('user-1', newTotpSecret()))).toThrow(DecryptionError);
  });

  it('stores no plaintext: the raw secret does not appear in the sealed bytes', () => {
    const secret = newTotpSecret();
    const box = sealed('user-1', secret);
    expect(box.includes(secret.bytes())).toBe(false);
    expect(box.toString('latin1')).not.toContain(secret.base32());
  });

  it('refuses an empty user id, which would bind every secret to the same context', () => {
    expect(() => sealTotpSecret(dataKey, '', newTotpSecret())).toThrow(MfaError);
  });
});
