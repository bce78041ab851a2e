import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The @zxcvbn-ts/language-common list of 49,233 passwords seen most often in breaches, all
 * lower case. Built once on first use: immutable data, so a module-level cache is safe.
 */
let commonPasswords: ReadonlySet<string> | undefined;

function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common']);
  return commonPasswords;
}

// Decorations people add to a common word to get past a policy: "Password2024!", "!!dragon1".
const LEADING_DECORATION = /^[\p{N}\p{P}\p{S}\p{Z}]+/u;
const TRAILING_DECORATION = /[\p{N}\p{P}\p{S}\p{Z}]+$/u;

/**
 * True when the password is on the list, or is a listed word with only digits, punctuation,
 * symbols or spaces added before or after it ("password123456", "Iloveyou2024!!").
 * Expects a folded (lower-case) password; the list itself is lower case.
 *
 * Why the decorated form is refused too: only 308 listed passwords are 12 or more characters
 * long, so matching the whole password alone would refuse almost nothing that the length rule
 * lets through, while "<common word><digits>" is the first thing every cracking rule set tries.
 */
export function isCommonPassword(foldedPassword: string): boolean {
  const list = commonPasswordSet();
  if (list.has(foldedPassword)) return true;
  const core = foldedPassword.replace(LEADING_DECORATION, '').replace(TRAILING_DECORATION, '');
  // Nothing left but decoration ("123456789013"): the strength estimate judges those.
  if (core.length === 0) return false;
  return list.has(core);
}

export function commonPasswordCount(): number {
  return commonPasswordSet().size;
}
