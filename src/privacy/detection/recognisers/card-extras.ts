import { groupLength, separatorCodeAfter, type DigitRun } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import type { Detection } from '../types.js';

/** How far from a card a CVV or expiry date still belongs to it. */
const NEAR_CARD = 48;

/**
 * A CVV (3–4 digits) or expiry (MM/YY, MM/YYYY) is only sensitive beside a card or after its
 * own cue word ("cvc", "vervaldatum"); on its own "123" or "12/25" is anything.
 */
/** `cards`: the first `cardCount` entries of the list are the cards found so far. */
export function findCardExtras(input: ScanInput, cards: readonly Detection[], cardCount: number, out: Detection[]): void {
  for (const run of input.runs) {
    if (run.letterBefore || run.letterAfter) continue;
    const nearCard = isNearCard(cards, cardCount, run.start, run.end);
    if (run.groupStart.length === 1) {
      const size = groupLength(run, 0);
      if (size !== 3 && size !== 4) continue;
      let score = 0;
      if (input.hasCue(run.start, run.end, Cue.cvv, 32, 0) || input.expected.has('cvv')) score = 0.9;
      else if (nearCard) score = 0.7;
      if (score > 0 && input.hasCue(run.start, run.end, Cue.reference, 12, 0)) score -= 0.4;
      if (score > 0) out.push(detection('cvv', run.start, run.end, score));
    } else if (run.groupStart.length === 2 && isExpiry(input.text, run)) {
      let score = 0;
      if (input.hasCue(run.start, run.end, Cue.expiry, 32, 0) || input.expected.has('card-expiry')) score = 0.9;
      else if (nearCard) score = 0.75;
      if (score > 0) out.push(detection('card-expiry', run.start, run.end, score));
    }
  }
}

function isExpiry(text: string, run: DigitRun): boolean {
  const sep = separatorCodeAfter(text, run, 0);
  if (sep !== 47 && sep !== 45 && sep !== 46) return false;
  const monthLength = groupLength(run, 0);
  const yearLength = groupLength(run, 1);
  if (monthLength < 1 || monthLength > 2 || (yearLength !== 2 && yearLength !== 4)) return false;
  const month = Number(text.slice(run.groupStart[0] ?? 0, run.groupEnd[0] ?? 0));
  const year = Number(text.slice(run.groupStart[1] ?? 0, run.groupEnd[1] ?? 0));
  return month >= 1 && month <= 12 && (yearLength === 2 || (year >= 2000 && year <= 2099));
}

/** The first `count` of `cards` (the list may grow past them while it is read). */
function isNearCard(cards: readonly Detection[], count: number, start: number, end: number): boolean {
  for (let k = 0; k < count; k++) {
    const card = cards[k];
    if (card === undefined) continue;
    if (card.end <= start && start - card.end <= NEAR_CARD) return true;
    if (card.start >= end && card.start - end <= NEAR_CARD) return true;
  }
  return false;
}
