import { groupDigits, groupLength, sameSeparator, separatorCodeAfter, type DigitRun } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAsciiLetter, isDigit } from '../text.js';
import type { Detection } from '../types.js';
import { internationalVerdict, northAmericanVerdict, PhoneBudget, trunkVerdict, type PhoneVerdict } from './phone-validation.js';

const MIN_DIGITS = 7;

/** The bank part of an IBAN just before the digits ("NL52 BUNQ 0688…"): the digits are its account, not a phone. */
export const IBAN_PREFIX = /[a-z]{2}[0-9]{2} ?[a-z]{4} ?$/i;
const MAX_DIGITS = 15;

/**
 * Phone numbers in NL, BE, DE, FR, GB and US national forms and any international '+'/'00'
 * form. Candidates are digit runs (or windows of them, when a date and a number share a run);
 * libphonenumber-js decides validity; cue words decide about numbers it cannot vouch for.
 */
export function findPhones(input: ScanInput, out: Detection[]): void {
  const budget = new PhoneBudget(input.text.length);
  for (const run of input.runs) {
    if (run.letterBefore || run.digitCount < MIN_DIGITS || input.isClaimed(run.start, run.end)) continue;
    const groups = run.groupStart.length;
    let i = 0;
    while (i < groups) {
      const found = phoneFrom(input, run, i, budget);
      if (found === undefined) {
        i++;
        continue;
      }
      out.push(found.detection);
      i = found.last + 1;
    }
  }
}

function phoneFrom(input: ScanInput, run: DigitRun, first: number, budget: PhoneBudget): { detection: Detection; last: number } | undefined {
  const { text } = input;
  const groupStart = run.groupStart[first] ?? 0;
  // Only a group that can start a phone number starts a window: '+', '(', or a leading 0, or the run's start.
  const before = groupStart > 0 ? text.charCodeAt(groupStart - 1) : 0;
  const hasPlus = before === 43 || (before === 40 && groupStart > 1 && text.charCodeAt(groupStart - 2) === 43);
  if (first > 0 && !hasPlus && before !== 40 && text.charCodeAt(groupStart) !== 48) return undefined;
  let digitCount = 0;
  let last = first;
  for (let g = first; g < run.groupStart.length; g++) {
    if (digitCount + groupLength(run, g) > MAX_DIGITS + 2) break;
    digitCount += groupLength(run, g);
    last = g;
  }
  // Try the longest window, then shorter ones, a bounded number of times.
  for (let attempt = 0; attempt < 3 && last >= first; attempt++, last--) {
    if (digitCount < MIN_DIGITS) return undefined;
    const scored = scoreWindow(input, run, first, last, digitCount, hasPlus, budget);
    if (scored !== undefined) return { detection: scored, last };
    digitCount -= groupLength(run, last);
  }
  return undefined;
}

/**
 * The window of groups first..last (`digitCount` digits) as a phone number, or undefined. The
 * checks that need no string come first: most windows (order numbers, amounts, dates) end there.
 */
function scoreWindow(input: ScanInput, run: DigitRun, first: number, last: number, digitCount: number, hasPlus: boolean, budget: PhoneBudget): Detection | undefined {
  const { text } = input;
  let start = run.groupStart[first] ?? 0;
  let end = run.groupEnd[last] ?? 0;
  if (last === run.groupStart.length - 1 && run.letterAfter && !isExtension(text, end)) return undefined;
  if (isDateOrTimeShaped(text, run, first, last) || isDottedQuad(text, run, first, last)) return undefined;
  const formatted = last > first;
  // Neither '+', nor a leading 0 (trunk or '00'), nor North American: only the shape could make it a phone.
  if (!hasPlus && text.charCodeAt(start) !== 48 && !isNorthAmericanGrouping(text, run, first, last) && shapeScore(formatted, digitCount) === 0) return undefined;
  if (cutFromLongerGrouping(text, run, first, last) || followsBankCode(text, start)) return undefined;
  const digits = groupDigits(text, run, first, last);
  let verdict: PhoneVerdict;
  let base: number;
  if (hasPlus || digits.startsWith('00')) {
    const plusAt = hasPlus ? text.lastIndexOf('+', start) : start;
    start = plusAt;
    const national = hasPlus ? digits : digits.slice(2);
    if (national.length < 8) return undefined;
    verdict = internationalVerdict(national, `+${text.slice(hasPlus ? plusAt + 1 : start + 2, end)}`, budget);
    base = verdict === 'valid' ? 0.95 : verdict === 'possible' ? 0.7 : 0.3;
  } else if (digits.charCodeAt(0) === 48) {
    if (digits.length < 9 || digits.length > 13) return undefined;
    verdict = trunkVerdict(digits, text.slice(start, end), input.locale === 'en', budget);
    base = verdict === 'valid' ? 0.85 : verdict === 'possible' ? 0.55 : shapeScore(formatted, digits.length);
  } else if (isNorthAmericanGrouping(text, run, first, last)) {
    verdict = northAmericanVerdict(digits, text.slice(start, end), budget);
    // An unformatted 10-digit number is as likely an order number as a US phone.
    base = verdict === 'valid' ? (formatted || text.charCodeAt(start - 1) === 40 ? 0.75 : 0.45) : shapeScore(formatted, digits.length);
  } else {
    verdict = 'invalid';
    base = shapeScore(formatted, digits.length);
  }
  if (base <= 0) return undefined;
  if (start > 0 && text.charCodeAt(start - 1) === 40) start--;
  if (isExtension(text, end)) end = extensionEnd(text, end);
  let score = base;
  // Context, nearest first: "bel me, ordernummer 020-1234567" is an order number.
  const cueBefore = input.cueDistance(start, Cue.phone, 32);
  const referenceBefore = input.cueDistance(start, Cue.reference, 20);
  const cue = cueBefore < referenceBefore || (referenceBefore === Number.POSITIVE_INFINITY && input.hasCue(start, end, Cue.phone, 0, 16));
  if (cue) score += verdict === 'valid' ? 0.05 : 0.35;
  if (input.expected.has('phone')) score += 0.3;
  if (referenceBefore < cueBefore) score -= 0.4;
  return detection('phone', start, end, score, { last2: digits.slice(-2) });
}

/** "NL52 BUNQ 0688…": the regex runs only where a letter ends the word before the digits. */
function followsBankCode(text: string, start: number): boolean {
  if (!(text.charCodeAt(start - 1) === 32 && isAsciiLetter(text.charCodeAt(start - 2))) && !isAsciiLetter(text.charCodeAt(start - 1))) return false;
  return IBAN_PREFIX.test(text.slice(Math.max(0, start - 12), start));
}

/** Phone-like by shape alone: formatted in groups, 7–13 digits. Needs a cue word to pass. */
function shapeScore(formatted: boolean, digitCount: number): number {
  return formatted && digitCount >= MIN_DIGITS && digitCount <= 13 ? 0.3 : 0;
}

function isExtension(text: string, end: number): boolean {
  return (text.charCodeAt(end) === 120 || text.charCodeAt(end) === 88) && isDigit(text.charCodeAt(end + 1));
}

function extensionEnd(text: string, end: number): number {
  let i = end + 1;
  while (i < text.length && i - end < 7 && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** "12-05-2024", "2024-05-12", "12:30" never become phones; nor do they become anything else here. */
function isDateOrTimeShaped(text: string, run: DigitRun, first: number, last: number): boolean {
  if (last - first !== 2) return false;
  const a = groupLength(run, first);
  const b = groupLength(run, first + 1);
  const c = groupLength(run, last);
  const sep1 = separatorCodeAfter(text, run, first);
  const sep2 = separatorCodeAfter(text, run, first + 1);
  if (sep1 !== sep2 || (sep1 !== 45 && sep1 !== 47 && sep1 !== 46)) return false;
  return (a <= 2 && b <= 2 && (c === 4 || c === 2)) || (a === 4 && b <= 2 && c <= 2);
}

function isDottedQuad(text: string, run: DigitRun, first: number, last: number): boolean {
  if (last - first !== 3) return false;
  for (let g = first; g < last; g++) if (separatorCodeAfter(text, run, g) !== 46 || groupLength(run, g) > 3) return false;
  return groupLength(run, last) <= 3;
}

/** US/Canada national forms: 10 digits plain, or grouped 3-3-4 ("(212) 555-0100", "212.555.0100"). */
function isNorthAmericanGrouping(text: string, run: DigitRun, first: number, last: number): boolean {
  if (first === last) return groupLength(run, first) === 10;
  return last - first === 2 && groupLength(run, first) === 3 && groupLength(run, first + 1) === 3 && groupLength(run, last) === 4 && text.charCodeAt(run.groupStart[first] ?? 0) !== 48;
}

/** A window whose neighbouring group is joined by the same separator as its own groups is part of a longer number. */
function cutFromLongerGrouping(text: string, run: DigitRun, first: number, last: number): boolean {
  const lone = last === first;
  // A lone group may follow a date or a word-like number after a space ("op 12-05-2024 0612345678").
  if (first > 0 && (lone ? separatorCodeAfter(text, run, first - 1) !== 32 : sameSeparator(text, run, first - 1, first))) return true;
  if (last + 1 < run.groupStart.length && (lone ? separatorCodeAfter(text, run, last) !== 32 : sameSeparator(text, run, last, first))) return true;
  return false;
}
