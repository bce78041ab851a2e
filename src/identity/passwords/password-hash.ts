import { hash, parseOptions, verify, type Algorithm, type ParsedHashOptions, type Version } from '@node-rs/argon2';
import { MAXIMUM_PASSWORD_INPUT_UNITS, hasUnencodableCharacters, normalisePassword } from './password-text.js';

// The library's enums are `const enum`s, which isolatedModules cannot read; these are their values.
const ARGON2ID = 2 as Algorithm;
const VERSION_0x13 = 1 as Version;

/**
 * OWASP Password Storage Cheat Sheet, "Argon2id": "a minimum configuration of 19 MiB of memory,
 * an iteration count of 2, and 1 degree of parallelism"
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 * The library's 16-byte random salt and 32-byte output are kept. About 15 ms per hash on the
 * build machine once warm.
 */
export const PASSWORD_HASH_PARAMETERS = {
  algorithm: ARGON2ID,
  version: VERSION_0x13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

const MINIMUM_SALT_BYTES = 16;

/**
 * Ceilings on the parameters of a stored hash before it is verified: a corrupted or planted hash
 * with m=4294967295 makes the library allocate 4 TiB and the process is killed (seen while
 * building this). Sixteen times today's cost leaves room for years of raising it.
 */
const VERIFIABLE_CEILING = { memoryCost: 16 * 19_456, timeCost: 32, parallelism: 16 } as const;

/**
 * Spends the cost of a real verification on a password nobody has: the Argon2id hash of 32
 * random bytes that were thrown away, made with PASSWORD_HASH_PARAMETERS (a test holds it to
 * them). A literal rather than computed at start, so the first sign-in is not slower either.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$89KxEBzabCP+e375eTIojg$3yArdOrXf+tprw7TSxzw5JoeQFIUi+yVncERq4wbEg0';

/** Argon2id of the NFC form of the password, as a PHC string (`$argon2id$v=19$m=…`). */
export async function hashPassword(password: string): Promise<string> {
  // Guard: only text is hashed; anything else is a programming error upstream.
  if (typeof password !== 'string') throw new TypeError('hashPassword: the password must be a string');
  // Guard: checkPassword has bounded the length already; this stops a caller that skipped it.
  if (password.length > MAXIMUM_PASSWORD_INPUT_UNITS) throw new RangeError('hashPassword: the password is too long');
  // Guard: a lone surrogate becomes U+FFFD in UTF-8, so different inputs would share one hash.
  if (hasUnencodableCharacters(password)) throw new RangeError('hashPassword: the password is not well-formed text');
  return hash(normalisePassword(password), PASSWORD_HASH_PARAMETERS);
}

/**
 * True only when `password` is the one `storedHash` was made from. The comparison is the
 * library's constant-time one. Never throws: a malformed, foreign or oversized hash, or input
 * that is not a password, is simply not a match.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  // Guard: input from a request may be anything; only text can match.
  if (typeof password !== 'string' || typeof storedHash !== 'string') return false;
  // Guard: no password this long can have been set, and normalising it would cost time.
  if (password.length > MAXIMUM_PASSWORD_INPUT_UNITS) return false;
  // Guard: hashPassword refuses these, so no stored hash can match them.
  if (hasUnencodableCharacters(password)) return false;
  const parameters = parseHash(storedHash);
  // Guard: not an Argon2 PHC string we can read.
  if (parameters === undefined) return false;
  // Guard: parameters that would exhaust memory or time are refused before the library runs.
  if (exceedsCeiling(parameters)) return false;
  try {
    return await verify(storedHash, normalisePassword(password));
  } catch {
    // The PHC string parsed but did not decode (truncated salt or output): not a match.
    return false;
  }
}

/**
 * For a sign-in to an account that does not exist: does what verifyPassword does for a real
 * account, through the same code, against a hash with today's parameters, and answers false.
 * Unknown accounts thus take as long as wrong passwords (ASVS 5.0 6.3.8, no enumeration).
 */
export async function dummyVerify(password = ''): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}

/**
 * True when a hash was made with anything weaker or other than today's parameters, so the
 * sign-in that just verified the password should store hashPassword(password) instead.
 * Stronger memory or time than today's is kept: rehashing would weaken it. A hash that cannot
 * be read needs replacing too.
 */
export function needsRehash(storedHash: string): boolean {
  const parameters = parseHash(storedHash);
  if (parameters === undefined) return true;
  const wanted = PASSWORD_HASH_PARAMETERS;
  return (
    parameters.algorithm !== wanted.algorithm ||
    parameters.version !== wanted.version ||
    parameters.memoryCost < wanted.memoryCost ||
    parameters.timeCost < wanted.timeCost ||
    parameters.parallelism !== wanted.parallelism ||
    parameters.outputLen < wanted.outputLen ||
    parameters.saltLen < MINIMUM_SALT_BYTES
  );
}

/** The parameters in a PHC string, or undefined when it is not one the library can read. */
export function parseHash(storedHash: string): ParsedHashOptions | undefined {
  if (typeof storedHash !== 'string') return undefined;
  try {
    return parseOptions(storedHash);
  } catch {
    return undefined;
  }
}

function exceedsCeiling(parameters: ParsedHashOptions): boolean {
  return (
    parameters.memoryCost > VERIFIABLE_CEILING.memoryCost ||
    parameters.timeCost > VERIFIABLE_CEILING.timeCost ||
    parameters.parallelism > VERIFIABLE_CEILING.parallelism
  );
}
