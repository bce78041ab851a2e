import { groupLength, groupValue, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_AFTER, LETTER_BEFORE, type Scan } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';

/** How far from a card a CVV or expiry date still belongs to it. */
const NEAR_CARD = 48;

/**
 * A CVV (3–4 digits) or expiry (MM/YY, MM/YYYY) is only sensitive beside a card or after its
 * own cue word ("cvc", "vervaldatum"); on its own "123" or "12/25" is anything.
 */
/** `cards`: the first `cardCount` entries of the list are the cards found so far. */
export function findCardExtras(input: ScanInput, cards: Findings, cardCount: number, out: Findings): void {
  const { scan } = input;
  for (let r = 0; r < scan.runCount; r++) {
    if (((scan.runFlags[r] as number) & (LETTER_BEFORE | LETTER_AFTER)) !== 0) continue;
    const groups = scan.runGroupCount[r] as number;
    if (groups > 2) continue;
    const start = scan.runStart[r] as number;
    const end = scan.runEnd[r] as number;
    const first = scan.runFirstGroup[r] as number;
    if (groups === 1) {
      const size = groupLength(scan, first);
      if (size !== 3 && size !== 4) continue;
      let score = 0;
      if (input.hasCue(start, end, Cue.cvv, 32, 0) || input.expects('cvv')) score = 0.9;
      else if (isNearCard(cards, cardCount, start, end)) score = 0.7;
      if (score > 0 && input.hasCue(start, end, Cue.reference, 12, 0)) score -= 0.4;
      if (score > 0) out.push(detection('cvv', start, end, score));
    } else if (isExpiry(scan, first)) {
      let score = 0;
      if (input.hasCue(start, end, Cue.expiry, 32, 0) || input.expects('card-expiry')) score = 0.9;
      else if (isNearCard(cards, cardCount, start, end)) score = 0.75;
      if (score > 0) out.push(detection('card-expiry', start, end, score));
    }
  }
}

/** Groups first and first + 1 as MM/YY or MM/YYYY. */
function isExpiry(scan: Scan, first: number): boolean {
  const sep = separatorCodeAfter(scan, first);
  if (sep !== 47 && sep !== 45 && sep !== 46) return false;
  const monthLength = groupLength(scan, first);
  const yearLength = groupLength(scan, first + 1);
  if (monthLength < 1 || monthLength > 2 || (yearLength !== 2 && yearLength !== 4)) return false;
  const month = groupValue(scan, first);
  const year = groupValue(scan, first + 1);
  return month >= 1 && month <= 12 && (yearLength === 2 || (year >= 2000 && year <= 2099));
}

/** The first `count` of `cards` (the list may grow past them while it is read). */
function isNearCard(cards: Findings, count: number, start: number, end: number): boolean {
  for (let k = 0; k < count; k++) {
    const card = cards.at(k);
    if (card.end <= start && start - card.end <= NEAR_CARD) return true;
    if (card.start >= end && card.start - end <= NEAR_CARD) return true;
  }
  return false;
}
