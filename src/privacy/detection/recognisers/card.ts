import { cardBrand, type CardBrand } from '../checksums.js';
import { groupDigits, groupLength, separatorCodeAfter, type DigitRun } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import type { Detection } from '../types.js';

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
export function findCards(input: ScanInput, out: Detection[]): void {
  for (const run of input.runs) {
    if (run.letterBefore || run.letterAfter || run.digitCount < 12) continue;
    const groups = run.groupStart.length;
    let i = 0;
    let foundAny = false;
    while (i < groups) {
      const found = longestCardFrom(input, run, i);
      if (found === undefined) {
        i++;
        continue;
      }
      foundAny = true;
      const start = run.groupStart[i] ?? 0;
      const end = run.groupEnd[found.last] ?? 0;
      out.push(detection('card', start, end, found.score, { last4: found.digits.slice(-4), brand: found.brand ?? 'card' }));
      if (found.score >= 0.9) input.claim(start, end);
      i = found.last + 1;
    }
    if (!foundAny) vetoCardShape(input, run);
  }
}

/** No separator yet: the window is one group so far. */
const NONE = -2;

/** The longest valid card starting at group `first`, with its score. */
function longestCardFrom(input: ScanInput, run: DigitRun, first: number): { last: number; digits: string; brand: CardBrand | undefined; score: number } | undefined {
  const { text } = input;
  let digitCount = 0;
  let separator = NONE;
  let found: { last: number; digits: string; brand: CardBrand | undefined; score: number } | undefined;
  for (let g = first; g < run.groupStart.length; g++) {
    const size = groupLength(run, g);
    digitCount += size;
    if (digitCount > 19) break;
    if (g > first) {
      const sep = separatorCodeAfter(text, run, g - 1);
      // Consistent grouping: one space or one dash throughout, groups of 4 (Amex: 4-6-5).
      if (sep !== 32 && sep !== 45 && sep !== 0xa0) break;
      if (separator !== NONE && sep !== separator) break;
      separator = sep;
      if (groupLength(run, g - 1) < 4 || (g - 1 === first && groupLength(run, first) !== 4)) break;
      if (size > 6) break;
    }
    // Luhn is read from the text in place: only a window that passes becomes a string.
    if (digitCount >= 12 && !continuesGrouping(text, run, first, g, separator) && passesLuhnInPlace(text, run, first, g)) {
      const digits = groupDigits(text, run, first, g);
      const start = run.groupStart[first] ?? 0;
      const end = run.groupEnd[g] ?? 0;
      const brand = cardBrand(digits);
      const score = cardScore(input, start, end, brand !== undefined);
      if (score > 0) found = { last: g, digits, brand, score };
    }
  }
  return found;
}

/** Luhn over the digits of groups first..last, read from the text without copying them. */
function passesLuhnInPlace(text: string, run: DigitRun, first: number, last: number): boolean {
  let sum = 0;
  let double = false;
  for (let g = last; g >= first; g--) {
    const from = run.groupStart[g] ?? 0;
    for (let i = (run.groupEnd[g] ?? 0) - 1; i >= from; i--) {
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
function vetoCardShape(input: ScanInput, run: DigitRun): void {
  const { text } = input;
  if (run.digitCount < 13 || run.digitCount > 19) return;
  const groups = run.groupStart.length;
  if (groups === 1) {
    if (cardBrand(groupDigits(text, run, 0, 0)) !== undefined) input.veto(run.start, run.end);
    return;
  }
  const separator = separatorCodeAfter(text, run, 0);
  if (separator !== 32 && separator !== 45) return;
  for (let g = 0; g < groups; g++) {
    if (g + 1 < groups && separatorCodeAfter(text, run, g) !== separator) return;
    const size = groupLength(run, g);
    if (g + 1 < groups ? size !== 4 && !(g === 1 && size === 6) : size > 6) return;
  }
  input.veto(run.start, run.end);
}

/**
 * A window cut out of a longer grouped number ("6759 6973 9753" out of "6759 6973 9753 6980") is
 * not a card: with twelve digits one such window in ten passes Luhn by chance.
 */
function continuesGrouping(text: string, run: DigitRun, first: number, last: number, separator: number): boolean {
  const groups = run.groupStart.length;
  const sepBefore = first > 0 ? separatorCodeAfter(text, run, first - 1) : NONE;
  const sepAfter = last + 1 < groups ? separatorCodeAfter(text, run, last) : NONE;
  if (separator === NONE) return (sepBefore === 32 || sepBefore === 45) && groupLength(run, first - 1) === 4 ? true : (sepAfter === 32 || sepAfter === 45) && groupLength(run, last + 1) === 4;
  return sepBefore === separator || sepAfter === separator;
}

/**
 * Context, nearest first: a reference word closer to the number than any card cue ("billed
 * amount for cc 4111…" is a card; "card declined, order 4111…" is an order number) makes a
 * number that passed both checks by chance survive.
 */
function cardScore(input: ScanInput, start: number, end: number, knownIssuer: boolean): number {
  const expected = input.expected.has('card');
  const cueBefore = input.cueDistance(start, Cue.card, CUE_BEFORE);
  const referenceBefore = input.cueDistance(start, Cue.reference, 16);
  const cue = cueBefore < referenceBefore || (referenceBefore === Number.POSITIVE_INFINITY && input.hasCue(start, end, Cue.card, 0, CUE_AFTER));
  if (!knownIssuer) return cue || expected ? 0.85 : 0;
  if (expected || cue) return 0.98;
  if (referenceBefore !== Number.POSITIVE_INFINITY) return 0.45;
  return 0.9;
}
