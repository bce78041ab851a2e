import { cardBrandOf, type CardBrand } from '../checksums.js';
import { groupLength, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_AFTER, LETTER_BEFORE, runsOfAtLeast, type Scan } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isDigit } from '../text.js';

/** Runs of 12 digits or more: the only ones a card can come from. */
const CARD_RUNS = runsOfAtLeast(12);

/** How far a card cue ("kaart", "credit card", "cc") reaches before and after a number. */
const CUE_BEFORE = 40;
const CUE_AFTER = 20;

/**
 * Payment cards: 12–19 digits, plain or in groups with one consistent separator, that pass
 * Luhn. In an issuer's known range they are cards on their own; outside every known range (new
 * or regional IIN ranges, old Maestro) only with a card cue nearby, because one random 16-digit
 * order number in ten passes Luhn alone. A number grouped like a card that fails Luhn is a
 * mistyped card or a decoy: it is vetoed, so nothing else masks it by shape either.
 */
export function findCards(input: ScanInput, out: Findings): void {
  const { scan } = input;
  if ((scan.runDigitCounts & CARD_RUNS) === 0) return;
  for (let r = 0; r < scan.runCount; r++) {
    if ((scan.runDigitCount[r] as number) < 12 || ((scan.runFlags[r] as number) & (LETTER_BEFORE | LETTER_AFTER)) !== 0) continue;
    const firstGroup = scan.runFirstGroup[r] as number;
    const endGroup = firstGroup + (scan.runGroupCount[r] as number);
    let i = firstGroup;
    let foundAny = false;
    while (i < endGroup) {
      const last = longestCardFrom(input, i, endGroup);
      if (last === -1) {
        i++;
        continue;
      }
      foundAny = true;
      const start = scan.groupStart[i] as number;
      const end = scan.groupEnd[last] as number;
      const score = bestCard.score;
      out.push(detection('card', start, end, score, { last4: lastFourDigits(scan.text, end), brand: bestCard.brand ?? 'card' }));
      if (score >= 0.9) input.claim(start, end);
      i = last + 1;
    }
    if (!foundAny) vetoCardShape(input, r);
  }
}

/** No separator yet: the window is one group so far. */
const NONE = -2;

/** What longestCardFrom found besides its last group, read at once by findCards. */
const bestCard: { score: number; brand: CardBrand | undefined } = { score: 0, brand: undefined };

/**
 * The last group of the longest valid card starting at group `first` (of a run whose groups
 * end before `endGroup`), its score and brand left in bestCard; -1 when there is none.
 */
function longestCardFrom(input: ScanInput, first: number, endGroup: number): number {
  const { scan } = input;
  let digitCount = 0;
  let separator = NONE;
  let found = -1;
  for (let g = first; g < endGroup; g++) {
    const size = groupLength(scan, g);
    digitCount += size;
    if (digitCount > 19) break;
    if (g > first) {
      const sep = separatorCodeAfter(scan, g - 1);
      // Consistent grouping: one space or one dash throughout, groups of 4 (Amex: 4-6-5).
      if (sep !== 32 && sep !== 45 && sep !== 0xa0) break;
      if (separator !== NONE && sep !== separator) break;
      separator = sep;
      if (groupLength(scan, g - 1) < 4 || (g - 1 === first && groupLength(scan, first) !== 4)) break;
      if (size > 6) break;
    }
    // Luhn and the issuer range are read from the text in place: no window becomes a string.
    if (digitCount >= 12 && !continuesGrouping(scan, first, g, endGroup, separator) && passesLuhnInPlace(scan, first, g)) {
      const start = scan.groupStart[first] as number;
      const end = scan.groupEnd[g] as number;
      const brand = cardBrandOf(leadingSix(scan, first), digitCount);
      const score = cardScore(input, start, end, brand !== undefined);
      if (score > 0) {
        found = g;
        bestCard.score = score;
        bestCard.brand = brand;
      }
    }
  }
  return found;
}

/** The first six digits from group `first` on, as a number (a card window has at least twelve). */
function leadingSix(scan: Scan, first: number): number {
  const { text } = scan;
  let prefix = 0;
  let count = 0;
  for (let g = first; count < 6; g++) {
    const end = scan.groupEnd[g] as number;
    for (let i = scan.groupStart[g] as number; i < end && count < 6; i++, count++) prefix = prefix * 10 + (text.charCodeAt(i) - 48);
  }
  return prefix;
}

/** The last four digits before `end`, read backwards over any separators: what the mask shows. */
function lastFourDigits(text: string, end: number): string {
  let i = end - 1;
  while (!isDigit(text.charCodeAt(i))) i--;
  const d = text.charCodeAt(i--);
  while (!isDigit(text.charCodeAt(i))) i--;
  const c = text.charCodeAt(i--);
  while (!isDigit(text.charCodeAt(i))) i--;
  const b = text.charCodeAt(i--);
  while (!isDigit(text.charCodeAt(i))) i--;
  return String.fromCharCode(text.charCodeAt(i), b, c, d);
}

/** Luhn over the digits of groups first..last, read from the text without copying them. */
function passesLuhnInPlace(scan: Scan, first: number, last: number): boolean {
  const { text } = scan;
  let sum = 0;
  let double = false;
  for (let g = last; g >= first; g--) {
    const from = scan.groupStart[g] as number;
    for (let i = (scan.groupEnd[g] as number) - 1; i >= from; i--) {
      let d = text.charCodeAt(i) - 48;
      if (double) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      double = !double;
    }
  }
  return sum % 10 === 0;
}

/**
 * "4722 6625 3676 5", "4111-1111-1111-1112": four-digit groups with one separator, 13–19 digits,
 * that failed Luhn above. Plain digits count only in an issuer's range ("4111111111111112").
 */
function vetoCardShape(input: ScanInput, r: number): void {
  const { scan } = input;
  const digitCount = scan.runDigitCount[r] as number;
  if (digitCount < 13 || digitCount > 19) return;
  const first = scan.runFirstGroup[r] as number;
  const groups = scan.runGroupCount[r] as number;
  const start = scan.runStart[r] as number;
  const end = scan.runEnd[r] as number;
  if (groups === 1) {
    if (cardBrandOf(leadingSix(scan, first), digitCount) !== undefined) input.veto(start, end);
    return;
  }
  const separator = separatorCodeAfter(scan, first);
  if (separator !== 32 && separator !== 45) return;
  for (let k = 0; k < groups; k++) {
    const g = first + k;
    if (k + 1 < groups && separatorCodeAfter(scan, g) !== separator) return;
    const size = groupLength(scan, g);
    if (k + 1 < groups ? size !== 4 && !(k === 1 && size === 6) : size > 6) return;
  }
  input.veto(start, end);
}

/**
 * A window cut out of a longer grouped number ("6759 6973 9753" out of "6759 6973 9753 6980") is
 * not a card: with twelve digits one such window in ten passes Luhn by chance.
 */
function continuesGrouping(scan: Scan, first: number, last: number, endGroup: number, separator: number): boolean {
  // The previous run's last group has no separator after it (-1): it never continues this one.
  const sepBefore = first > 0 ? separatorCodeAfter(scan, first - 1) : NONE;
  const sepAfter = last + 1 < endGroup ? separatorCodeAfter(scan, last) : NONE;
  if (separator === NONE) return (sepBefore === 32 || sepBefore === 45) && groupLength(scan, first - 1) === 4 ? true : (sepAfter === 32 || sepAfter === 45) && groupLength(scan, last + 1) === 4;
  return sepBefore === separator || sepAfter === separator;
}

/**
 * Context, nearest first: a reference word closer to the number than any card cue ("billed
 * amount for cc 4111…" is a card; "card declined, order 4111…" is an order number) makes a
 * number that passed both checks by chance survive.
 */
function cardScore(input: ScanInput, start: number, end: number, knownIssuer: boolean): number {
  const expected = input.expects('card');
  const cueBefore = input.cueDistance(start, Cue.card, CUE_BEFORE);
  const referenceBefore = input.cueDistance(start, Cue.reference, 16);
  const cue = cueBefore < referenceBefore || (referenceBefore === Number.POSITIVE_INFINITY && input.hasCue(start, end, Cue.card, 0, CUE_AFTER));
  if (!knownIssuer) return cue || expected ? 0.85 : 0;
  if (expected || cue) return 0.98;
  if (referenceBefore !== Number.POSITIVE_INFINITY) return 0.45;
  return 0.9;
}
