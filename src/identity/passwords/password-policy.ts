import { isCommonPassword } from './common-passwords.js';
import {
  MAXIMUM_PASSWORD_CODE_POINTS,
  MAXIMUM_PASSWORD_INPUT_UNITS,
  MINIMUM_PASSWORD_CODE_POINTS,
  countCodePoints,
  foldForComparison,
  hasUnencodableCharacters,
  normalisePassword,
} from './password-text.js';
import { CONTEXT_SPECIFIC_WORDS, findContainedWord, personalWords, type PasswordOwner } from './personal-words.js';
import { estimateStrength, type PasswordStrength, type StrengthEstimate, type StrengthFeedback } from './strength.js';

/** Why a password is refused: stable codes, which the web layer turns into words. */
export type PasswordProblem =
  | 'not-text'
  | 'too-short'
  | 'too-long'
  | 'common'
  | 'contains-personal-info'
  | 'contains-context-word'
  | 'too-guessable';

export type PasswordVerdict =
  | { readonly ok: true; readonly strength: PasswordStrength; readonly feedback: StrengthFeedback }
  | { readonly ok: false; readonly reasons: readonly PasswordProblem[] };

export type PasswordContext = PasswordOwner;

/**
 * Below this zxcvbn score a password falls to under a million guesses: repeats, sequences, a
 * dictionary word with small changes ("aaaaaaaaaaaa", "abcdefghijkl", "P@ssw0rd1234").
 * NIST SP 800-63B §5.1.1.2 lists exactly these (repetitive or sequential characters, dictionary
 * words) among what a verifier refuses; it is not a composition rule.
 */
export const MINIMUM_STRENGTH: PasswordStrength = 2;

/**
 * Judges a password someone chooses at enrolment or change. No composition rules and no expiry:
 * length, the breached/common list, the user's own words, and guessability. Never throws on
 * user input; returns every problem found so the form can show them all at once.
 */
export function checkPassword(password: unknown, context: PasswordContext): PasswordVerdict {
  // Guard: a JSON body can carry anything; only text is a password.
  if (typeof password !== 'string') return refuse('not-text');
  // Guard: refuse absurd input before normalising it, so its size costs nothing.
  if (password.length > MAXIMUM_PASSWORD_INPUT_UNITS) return refuse('too-long');
  // Guard: a lone surrogate or control character cannot be stored faithfully or typed again.
  if (hasUnencodableCharacters(password)) return refuse('not-text');

  const normalised = normalisePassword(password);
  const length = countCodePoints(normalised);
  // Guard: nothing else is worth judging outside the length bounds (and zxcvbn is not cheap).
  if (length < MINIMUM_PASSWORD_CODE_POINTS) return refuse('too-short');
  if (length > MAXIMUM_PASSWORD_CODE_POINTS) return refuse('too-long');

  const folded = foldForComparison(normalised);
  const ownWords = personalWords(context);
  const reasons: PasswordProblem[] = [];
  if (isCommonPassword(folded)) reasons.push('common');
  if (findContainedWord(folded, ownWords) !== undefined) reasons.push('contains-personal-info');
  if (findContainedWord(folded, CONTEXT_SPECIFIC_WORDS) !== undefined) reasons.push('contains-context-word');

  const estimate = estimateStrength(normalised, [...ownWords, ...CONTEXT_SPECIFIC_WORDS]);
  if (estimate.strength < MINIMUM_STRENGTH) reasons.push('too-guessable');

  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, strength: estimate.strength, feedback: estimate.feedback };
}

/**
 * The strength meter on the enrolment page: zxcvbn's score 0–4 and its advice, with the user's
 * own words counted as guessable. Says nothing about acceptance; `checkPassword` decides that.
 * Input that is not text, or too long to judge, shows as 0 with no advice.
 */
export function strengthFor(password: unknown, context: PasswordContext): StrengthEstimate {
  // Guard: the meter runs on every keystroke and must not fail on odd input.
  if (typeof password !== 'string' || password.length > MAXIMUM_PASSWORD_INPUT_UNITS) return NO_STRENGTH;
  return estimateStrength(normalisePassword(password), [...personalWords(context), ...CONTEXT_SPECIFIC_WORDS]);
}

const NO_STRENGTH: StrengthEstimate = { strength: 0, feedback: { warning: null, suggestions: [] } };

function refuse(problem: PasswordProblem): PasswordVerdict {
  return { ok: false, reasons: [problem] };
}
