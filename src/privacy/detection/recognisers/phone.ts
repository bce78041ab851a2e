import { groupDigits, groupLength, isDateShaped, sameSeparator, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_AFTER, LETTER_BEFORE, runsOfAtLeast, type Scan } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAsciiLetter, isDigit, twoDigitValue } from '../text.js';
import type { Detection } from '../types.js';
import { internationalVerdict, northAmericanVerdict, PhoneBudget, trunkVerdict, type PhoneVerdict } from './phone-validation.js';

const MIN_DIGITS = 7;
/** Runs of MIN_DIGITS or more: the only ones a phone number can come from. */
const PHONE_RUNS = runsOfAtLeast(MIN_DIGITS);

/** The libphonenumber budget of the findPhones() call under way, reset at its first candidate: findPhones is synchronous. */
const BUDGET = new PhoneBudget();

/** The bank part of an IBAN just before the digits ("NL52 BUNQ 0688…"): the digits are its account, not a phone. */
export const IBAN_PREFIX = /[a-z]{2}[0-9]{2} ?[a-z]{4} ?$/i;
const MAX_DIGITS = 15;

/**
 * Phone numbers in NL, BE, DE, FR, GB and US national forms and any international '+'/'00'
 * form. Candidates are digit runs (or windows of them, when a date and a number share a run);
 * libphonenumber-js decides validity; cue words decide about numbers it cannot vouch for.
 */
export function findPhones(input: ScanInput, out: Findings): void {
  const { scan } = input;
  if ((scan.runDigitCounts & PHONE_RUNS) === 0) return;
  let budget: PhoneBudget | undefined;
  for (let r = 0; r < scan.runCount; r++) {
    if ((scan.runDigitCount[r] as number) < MIN_DIGITS || ((scan.runFlags[r] as number) & LETTER_BEFORE) !== 0 || input.isClaimed(scan.runStart[r] as number, scan.runEnd[r] as number)) continue;
    budget ??= BUDGET.reset(input.text.length);
    const firstGroup = scan.runFirstGroup[r] as number;
    const endGroup = firstGroup + (scan.runGroupCount[r] as number);
    let i = firstGroup;
    while (i < endGroup) {
      const found = phoneFrom(input, r, i, budget);
      if (found === undefined) {
        i++;
        continue;
      }
      out.push(found);
      i = phoneLast + 1;
    }
  }
}

/** The last group of the window phoneFrom found last, read at once by findPhones. */
let phoneLast = -1;

/** The phone number whose window starts at group `first` of run r, if any (its last group in phoneLast). */
function phoneFrom(input: ScanInput, r: number, first: number, budget: PhoneBudget): Detection | undefined {
  const { text, scan } = input;
  const firstGroup = scan.runFirstGroup[r] as number;
  const endGroup = firstGroup + (scan.runGroupCount[r] as number);
  const groupStart = scan.groupStart[first] as number;
  // Only a group that can start a phone number starts a window: '+', '(', or a leading 0, or the run's start.
  const before = groupStart > 0 ? text.charCodeAt(groupStart - 1) : 0;
  const hasPlus = before === 43 || (before === 40 && groupStart > 1 && text.charCodeAt(groupStart - 2) === 43);
  if (first > firstGroup && !hasPlus && before !== 40 && text.charCodeAt(groupStart) !== 48) return undefined;
  let digitCount = 0;
  let last = first;
  for (let g = first; g < endGroup; g++) {
    if (digitCount + groupLength(scan, g) > MAX_DIGITS + 2) break;
    digitCount += groupLength(scan, g);
    last = g;
  }
  // Try the longest window, then shorter ones, a bounded number of times.
  for (let attempt = 0; attempt < 3 && last >= first; attempt++, last--) {
    if (digitCount < MIN_DIGITS) return undefined;
    const scored = scoreWindow(input, r, first, last, digitCount, hasPlus, budget);
    if (scored !== undefined) {
      phoneLast = last;
      return scored;
    }
    digitCount -= groupLength(scan, last);
  }
  return undefined;
}

/**
 * The window of groups first..last (`digitCount` digits) as a phone number, or undefined. The
 * checks that need no string come first: most windows (order numbers, amounts, dates) end there.
 */
function scoreWindow(input: ScanInput, r: number, first: number, last: number, digitCount: number, hasPlus: boolean, budget: PhoneBudget): Detection | undefined {
  const { text, scan } = input;
  const firstGroup = scan.runFirstGroup[r] as number;
  const endGroup = firstGroup + (scan.runGroupCount[r] as number);
  let start = scan.groupStart[first] as number;
  let end = scan.groupEnd[last] as number;
  if (last === endGroup - 1 && ((scan.runFlags[r] as number) & LETTER_AFTER) !== 0 && !isExtension(text, end)) return undefined;
  if (isDateShaped(scan, first, last) || isDottedQuad(scan, first, last)) return undefined;
  const formatted = last > first;
  // Neither '+', nor a leading 0 (trunk or '00'), nor North American: only the shape could make it a phone.
  if (!hasPlus && text.charCodeAt(start) !== 48 && !isNorthAmericanGrouping(scan, first, last) && shapeScore(formatted, digitCount) === 0) return undefined;
  if (cutFromLongerGrouping(scan, first, last, firstGroup, endGroup) || followsBankCode(text, start)) return undefined;
  const digits = groupDigits(scan, first, last);
  let verdict: PhoneVerdict;
  let base: number;
  if (hasPlus || (digits.charCodeAt(0) === 48 && digits.charCodeAt(1) === 48)) {
    // The '+' stands just before the digits, or before the '(' just before them.
    const plusAt = hasPlus ? (text.charCodeAt(start - 1) === 43 ? start - 1 : start - 2) : start;
    start = plusAt;
    // The digits after the '+' or the '00': country code first.
    const national = hasPlus ? 0 : 2;
    if (digits.length - national < 8) return undefined;
    verdict = internationalVerdict(digits, national, text, hasPlus ? plusAt + 1 : start + 2, end, budget);
    base = verdict === 'valid' ? 0.95 : verdict === 'possible' ? 0.7 : 0.3;
  } else if (digits.charCodeAt(0) === 48) {
    if (digits.length < 9 || digits.length > 13) return undefined;
    verdict = trunkVerdict(digits, text, start, end, input.locale === 'en', budget);
    base = verdict === 'valid' ? 0.85 : verdict === 'possible' ? 0.55 : shapeScore(formatted, digits.length);
  } else if (isNorthAmericanGrouping(scan, first, last)) {
    verdict = northAmericanVerdict(digits, text, start, end, budget);
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
  if (input.expects('phone')) score += 0.3;
  if (referenceBefore < cueBefore) score -= 0.4;
  return detection('phone', start, end, score, { last2: lastTwo(digits) });
}

/** "00" … "99", made once: a phone's last two digits (its mask shows them) need no new string. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/** The last two characters of `digits` (ASCII digits, at least two of them). */
function lastTwo(digits: string): string {
  const value = twoDigitValue(digits, digits.length - 2);
  return value >= 0 ? (TWO_DIGITS[value] as string) : digits.slice(-2);
}

/**
 * "NL52 BUNQ 0688…": the regex runs only where four letters (a bank code) end just before the
 * digits, after at most one space; "bel me op 0612…" and "tel 020…" need no slice and no regex.
 */
function followsBankCode(text: string, start: number): boolean {
  const last = text.charCodeAt(start - 1) === 32 ? start - 2 : start - 1;
  if (!(isAsciiLetter(text.charCodeAt(last)) && isAsciiLetter(text.charCodeAt(last - 1)) && isAsciiLetter(text.charCodeAt(last - 2)) && isAsciiLetter(text.charCodeAt(last - 3)))) return false;
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

function isDottedQuad(scan: Scan, first: number, last: number): boolean {
  if (last - first !== 3) return false;
  for (let g = first; g < last; g++) if (separatorCodeAfter(scan, g) !== 46 || groupLength(scan, g) > 3) return false;
  return groupLength(scan, last) <= 3;
}

/** US/Canada national forms: 10 digits plain, or grouped 3-3-4 ("(212) 555-0100", "212.555.0100"). */
function isNorthAmericanGrouping(scan: Scan, first: number, last: number): boolean {
  if (first === last) return groupLength(scan, first) === 10;
  return last - first === 2 && groupLength(scan, first) === 3 && groupLength(scan, first + 1) === 3 && groupLength(scan, last) === 4 && scan.text.charCodeAt(scan.groupStart[first] as number) !== 48;
}

/**
 * A window whose neighbouring group (in the run of groups firstGroup..endGroup - 1) is joined by
 * the same separator as its own groups is part of a longer number.
 */
function cutFromLongerGrouping(scan: Scan, first: number, last: number, firstGroup: number, endGroup: number): boolean {
  const lone = last === first;
  // A lone group may follow a date or a word-like number after a space ("op 12-05-2024 0612345678").
  if (first > firstGroup && (lone ? separatorCodeAfter(scan, first - 1) !== 32 : sameSeparator(scan, first - 1, first))) return true;
  if (last + 1 < endGroup && (lone ? separatorCodeAfter(scan, last) !== 32 : sameSeparator(scan, last, first))) return true;
  return false;
}
