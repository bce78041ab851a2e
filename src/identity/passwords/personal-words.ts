import { foldForComparison } from './password-text.js';

/** Who the password is for: the words of their own that it must not contain. */
export interface PasswordOwner {
  readonly email: string;
  readonly displayName: string;
}

/**
 * Words about Bolwerk itself that must not appear in a password (ASVS 5.0 6.1.2 / 6.2.11: a
 * documented list of context-specific words). This constant is that documented list.
 */
export const CONTEXT_SPECIFIC_WORDS: readonly string[] = ['bolwerk'];

// Shorter pieces ("jo", "an") occur inside too many ordinary words to refuse.
const MINIMUM_WORD_LENGTH = 3;
const WORD_SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * The user's own words, folded: the full e-mail address, its local part, each piece of the
 * local part, and each part of the display name, keeping those of 3 or more characters.
 * Tolerates any input (a missing name yields no words), because it runs on request data.
 */
export function personalWords(owner: PasswordOwner): readonly string[] {
  const email = typeof owner.email === 'string' ? foldForComparison(owner.email.trim()) : '';
  const displayName = typeof owner.displayName === 'string' ? foldForComparison(owner.displayName) : '';
  const at = email.lastIndexOf('@');
  const localPart = at > 0 ? email.slice(0, at) : email;
  const candidates = [email, localPart, ...localPart.split(WORD_SEPARATORS), ...displayName.split(WORD_SEPARATORS)];
  const words = candidates.filter((word) => countLetters(word) >= MINIMUM_WORD_LENGTH);
  return [...new Set(words)];
}

/** The first of `words` that the folded password contains, if any. */
export function findContainedWord(foldedPassword: string, words: readonly string[]): string | undefined {
  return words.find((word) => foldedPassword.includes(word));
}

function countLetters(word: string): number {
  return word.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}
