import { randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { HOTP, Secret, TOTP } from 'otpauth';
import { open, seal } from '../../platform/crypto/index.js';
import { MfaError } from './mfa-error.js';

/**
 * TOTP (RFC 6238) as authenticator apps expect it: HMAC-SHA-1, six digits, 30-second steps.
 * otpauth computes the codes; the comparison, the drift window and the replay rule are ours,
 * because otpauth's own `validate` stops at the first match and knows nothing of used steps.
 */

/** RFC 4226 §4 recommends a 160-bit shared secret; SHA-1's block fits it without padding issues. */
export const TOTP_SECRET_BYTES = 20;
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: clocks drift and people type slowly, two steps is guessing room. */
export const TOTP_DRIFT_STEPS = 1;

const ALGORITHM = 'SHA1';
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;
/** Longest input worth normalising: six digits with generous spacing. Longer is not a code. */
const MAX_CODE_INPUT_LENGTH = 32;
const SIX_ASCII_DIGITS = /^[0-9]{6}$/;

/**
 * A TOTP shared secret. Only this module can make one, so every secret has the right size; it
 * prints as a placeholder, so a secret handed to a logger or JSON.stringify does not leak.
 */
class TotpSecret {
  readonly #bytes: Buffer;

  constructor(bytes: Uint8Array) {
    this.#bytes = Buffer.from(bytes);
  }

  /** A copy of the raw secret: callers cannot change the one inside. */
  bytes(): Buffer {
    return Buffer.from(this.#bytes);
  }

  /** Base32 (RFC 4648, no padding at 20 bytes) for manual entry in an authenticator app. */
  base32(): string {
    return otpSecret(this).base32;
  }

  toJSON(): string {
    return '[TotpSecret]';
  }

  [inspect.custom](): string {
    return '[TotpSecret]';
  }
}

export type { TotpSecret };

export type TotpVerification =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'wrong' | 'replayed' };

export interface VerifyTotpOptions {
  /** The server's clock (ASVS 5.0 6.5.8: never a time the client supplies). */
  readonly now: Date;
  /** The step of the last code this user had accepted, `null` if none: it and all before are spent. */
  readonly lastUsedStep: number | null;
}

export interface TotpUriOptions {
  readonly issuer: string;
  readonly account: string;
}

/** A fresh secret from the CSPRNG (ASVS 5.0 6.5.3). */
export function newTotpSecret(): TotpSecret {
  return new TotpSecret(randomBytes(TOTP_SECRET_BYTES));
}

/** Wraps raw bytes, e.g. a secret just opened from storage or a known-answer test vector. */
export function totpSecretFromBytes(bytes: Uint8Array): TotpSecret {
  // Guard: a shorter secret is weaker than we promise; a longer one is not what we made.
  if (bytes.length !== TOTP_SECRET_BYTES) {
    throw new MfaError('totp_secret_length', `A TOTP secret is ${TOTP_SECRET_BYTES} bytes, not ${bytes.length}.`);
  }
  return new TotpSecret(bytes);
}

/** The otpauth:// URI an authenticator app scans from the enrolment QR code. */
export function totpUri(secret: TotpSecret, options: TotpUriOptions): string {
  // Guard: the label is "issuer:account"; a colon inside either would shift what the app shows.
  if (options.issuer === '' || options.issuer.includes(':')) {
    throw new MfaError('totp_uri_issuer', 'The issuer must be non-empty and contain no colon.');
  }
  // Guard: same for the account, which is what tells the user which login the code is for.
  if (options.account === '' || options.account.includes(':')) {
    throw new MfaError('totp_uri_account', 'The account must be non-empty and contain no colon.');
  }
  const totp = new TOTP({
    issuer: options.issuer,
    label: options.account,
    secret: otpSecret(secret),
    algorithm: ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  return totp.toString();
}

/**
 * Checks a code typed by the user. Spaces (ASCII U+0020 only) are removed first, because apps
 * show "123 456" and people copy it that way; then only exactly six ASCII digits are a code.
 * Anything else, including other scripts' digits such as "１２３４５６", is 'malformed'.
 *
 * Accepts the current step and TOTP_DRIFT_STEPS either side. A code whose step is at or below
 * `lastUsedStep` is 'replayed' (ASVS 5.0 6.5.1): the caller stores the returned step. Every
 * candidate step is compared, in constant time, so timing says nothing about which one matched.
 */
export function verifyTotp(secret: TotpSecret, code: string, options: VerifyTotpOptions): TotpVerification {
  const current = totpStep(options.now);
  // Guard: a negative or fractional step was not produced by this module; storage is corrupt.
  if (options.lastUsedStep !== null && !(Number.isSafeInteger(options.lastUsedStep) && options.lastUsedStep >= 0)) {
    throw new MfaError('totp_last_used_step', 'The last used TOTP step must be a non-negative integer or null.');
  }
  const normalised = normaliseTotpCode(code);
  // Guard: not six ASCII digits, so no comparison is worth making.
  if (normalised === undefined) return { ok: false, reason: 'malformed' };

  const matched = matchingStep(secret, normalised, current);
  // Guard: no step in the drift window produces this code.
  if (matched === undefined) return { ok: false, reason: 'wrong' };
  // Guard: the code is right but its step, or a later one, was already used.
  if (options.lastUsedStep !== null && matched <= options.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: matched };
}

/** AES-256-GCM under the user's data key; the context binds it to this user's TOTP slot. */
export function sealTotpSecret(dataKey: Buffer, userId: string, secret: TotpSecret): Buffer {
  return seal(dataKey, secret.bytes(), totpSecretContext(userId));
}

/**
 * Opens a sealed secret. A ciphertext copied from another user's row fails here with a
 * DecryptionError, because the user id is part of the authenticated data.
 */
export function openTotpSecret(dataKey: Buffer, userId: string, sealed: Buffer): TotpSecret {
  return totpSecretFromBytes(open(dataKey, sealed, totpSecretContext(userId)));
}

function totpSecretContext(userId: string): string {
  // Guard: an empty id would give every such row the same context, undoing the binding.
  if (userId === '') throw new MfaError('totp_user_id', 'A user id is required to seal or open a TOTP secret.');
  return `identity:user:${userId}:totp`;
}

/** The TOTP step (RFC 6238 "T") for a moment on the server's clock. */
export function totpStep(now: Date): number {
  const ms = now.getTime();
  // Guard: an invalid Date or a time before 1970 has no step; better to fail than to accept.
  if (!Number.isFinite(ms) || ms < 0) throw new MfaError('totp_clock', 'The clock gave an invalid time.');
  return Math.floor(ms / PERIOD_MS);
}

function normaliseTotpCode(input: string): string | undefined {
  // Guard: bound the work done on an attacker's string before touching it.
  if (input.length > MAX_CODE_INPUT_LENGTH) return undefined;
  const withoutSpaces = input.replaceAll(' ', '');
  return SIX_ASCII_DIGITS.test(withoutSpaces) ? withoutSpaces : undefined;
}

/** The highest step in the window whose code equals `code`; all steps are always compared. */
function matchingStep(secret: TotpSecret, code: string, current: number): number | undefined {
  const given = Buffer.from(code, 'ascii');
  let matched: number | undefined;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step += 1) {
    if (step < 0) continue;
    const expected = Buffer.from(codeAtStep(secret, step), 'ascii');
    // Both are exactly TOTP_DIGITS ASCII bytes here, as timingSafeEqual requires.
    if (timingSafeEqual(expected, given)) matched = step;
  }
  return matched;
}

function codeAtStep(secret: TotpSecret, step: number): string {
  return HOTP.generate({ secret: otpSecret(secret), algorithm: ALGORITHM, digits: TOTP_DIGITS, counter: step });
}

function otpSecret(secret: TotpSecret): Secret {
  // A fresh ArrayBuffer: a Buffer may be a view into Node's shared pool.
  return new Secret({ buffer: Uint8Array.from(secret.bytes()).buffer });
}
