import { ZxcvbnFactory, type FeedbackType, type Score } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations as englishTranslations } from '@zxcvbn-ts/language-en';
import { dictionary as dutchDictionary } from '@zxcvbn-ts/language-nl-be';
import { firstCodePoints } from './password-text.js';

export type PasswordStrength = Score;

/** One remark of the meter: a stable code the web layer translates, and its English text. */
export interface StrengthRemark {
  readonly code: string;
  readonly message: string;
}

export interface StrengthFeedback {
  readonly warning: StrengthRemark | null;
  readonly suggestions: readonly StrengthRemark[];
}

export interface StrengthEstimate {
  readonly strength: PasswordStrength;
  readonly feedback: StrengthFeedback;
}

/**
 * zxcvbn's matching grows with the square of the length (and the l33t matcher faster still):
 * a 256-character password took over 3 s with the defaults on the build machine. Only the first
 * 64 code points are estimated, with at most 4 l33t substitutions; a password longer than that
 * is judged by its start, which for anything but a padded weak prefix is already strong.
 */
const ESTIMATED_CODE_POINTS = 64;
const L33T_MAX_SUBSTITUTIONS = 4;

let estimator: ZxcvbnFactory | undefined;

// Built once on first use (about 0.3 s): the dictionaries are immutable data.
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary, ...suffixed(dutchDictionary, '-nl') },
    graphs: adjacencyGraphs,
    // No translations: zxcvbn then reports its stable keys, which `remark` pairs with English.
    maxLength: ESTIMATED_CODE_POINTS * 2,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
    useLevenshteinDistance: false,
  });
  return estimator;
}

/**
 * zxcvbn's score (0 = guessable in under 10^3 tries … 4 = over 10^10) and its advice, with the
 * user's own words as an extra dictionary. Expects an NFC-normalised password.
 */
export function estimateStrength(password: string, userWords: readonly string[]): StrengthEstimate {
  const result = strengthEstimator().check(firstCodePoints(password, ESTIMATED_CODE_POINTS), [...userWords]);
  return { strength: result.score, feedback: toFeedback(result.feedback) };
}

function toFeedback(feedback: FeedbackType): StrengthFeedback {
  return {
    warning: feedback.warning === null ? null : remark(feedback.warning, englishTranslations.warnings),
    suggestions: feedback.suggestions.map((code) => remark(code, englishTranslations.suggestions)),
  };
}

function remark(code: string, messages: Readonly<Record<string, string>>): StrengthRemark {
  return { code, message: messages[code] ?? code };
}

function suffixed(dictionary: Readonly<Record<string, string[]>>, suffix: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(dictionary).map(([name, words]) => [`${name}${suffix}`, words]));
}
