import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Recovery codes: ASVS 5.0's "lookup secrets". Ten per user, each used once, stored only as
 * SHA-256 hex. A plain hash is enough because each code carries at least 112 bits from the
 * CSPRNG (ASVS 5.0 6.5.2), so a stolen table of hashes cannot be searched offline.
 */

export const RECOVERY_CODE_COUNT = 10;
/** Lower case without 0/o, 1/l/i: nothing a person could read as something else. 31 symbols. */
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Characters per code: 25 × log2(31) ≈ 123.9 bits, above ASVS 5.0 6.5.2's 112. */
export const RECOVERY_CODE_LENGTH = 25;
const GROUP_LENGTH = 5;
/** Longest input worth normalising: a code with generous separators. Longer is not a code. */
const MAX_INPUT_LENGTH = 100;
const SEPARATORS = /[ -]/g;
const NORMALISED_CODE = new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{${RECOVERY_CODE_LENGTH}}$`);

export interface NewRecoveryCodes {
  /** Shown to the user once, formatted "xxxxx-xxxxx-xxxxx-xxxxx-xxxxx"; never stored. */
  readonly codes: readonly string[];
  /** What is stored: SHA-256 hex of each normalised code, in the same order. */
  readonly hashes: readonly string[];
}

/** Ten fresh, distinct codes from the CSPRNG (ASVS 5.0 6.5.3) and their hashes. */
export function newRecoveryCodes(): NewRecoveryCodes {
  const normalised = new Set<string>();
  // A repeat is astronomically unlikely, but ten distinct codes is the promise, so keep drawing.
  while (normalised.size < RECOVERY_CODE_COUNT) normalised.add(randomCode());
  const all = [...normalised];
  return { codes: all.map(formatCode), hashes: all.map(hashRecoveryCode) };
}

/** What the user typed, as it was hashed: lower case, without spaces and dashes. */
export function normaliseRecoveryCode(input: string): string {
  return input.replace(SEPARATORS, '').toLowerCase();
}

/**
 * The stored hash the input matches, or undefined. The input is hashed first and compared
 * hash to hash, in constant time, against every unused hash without stopping at a match: how
 * long this takes says nothing about how close a guess was or which slot it hit. The caller
 * must then remove (mark used) the returned hash in the same transaction (ASVS 5.0 6.5.1).
 */
export function findRecoveryCode(input: string, unusedHashes: readonly string[]): string | undefined {
  // Guard: bound the work done on an attacker's string before touching it.
  if (input.length > MAX_INPUT_LENGTH) return undefined;
  const normalised = normaliseRecoveryCode(input);
  // Guard: not the shape of any code we issue, so nothing stored can match.
  if (!NORMALISED_CODE.test(normalised)) return undefined;

  const candidate = Buffer.from(hashRecoveryCode(normalised), 'utf8');
  let found: string | undefined;
  for (const stored of unusedHashes) {
    const storedBytes = Buffer.from(stored, 'utf8');
    // The length of a stored hash is not secret; equal lengths are what timingSafeEqual needs.
    if (storedBytes.length === candidate.length && timingSafeEqual(storedBytes, candidate)) found = stored;
  }
  return found;
}

/** SHA-256 hex of a normalised code: the only form in which a code is stored. */
export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

function randomCode(): string {
  let code = '';
  // randomInt draws without modulo bias, so every symbol is equally likely.
  for (let index = 0; index < RECOVERY_CODE_LENGTH; index += 1) {
    code += RECOVERY_CODE_ALPHABET.charAt(randomInt(RECOVERY_CODE_ALPHABET.length));
  }
  return code;
}

function formatCode(normalised: string): string {
  const groups: string[] = [];
  for (let start = 0; start < normalised.length; start += GROUP_LENGTH) {
    groups.push(normalised.slice(start, start + GROUP_LENGTH));
  }
  return groups.join('-');
}
