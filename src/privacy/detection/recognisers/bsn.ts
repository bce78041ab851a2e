import { groupLength, isDateShaped, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_AFTER, LETTER_BEFORE, type Scan } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';

/** Below DETECTION_THRESHOLD on purpose: one 9-digit number in eleven passes the 11-test. */
const BARE_SCORE = 0.35;
const CUE_BEFORE = 48;
const CUE_AFTER = 24;
/** A number of this many digits between a cue and a candidate takes the cue for itself. */
const CLAIMS_CUE = 6;

/**
 * BSN: 9 digits (8 when the leading zero was dropped), plain or grouped ("123 456 782",
 * "1234.56.782"), groups of 2–4 digits with one separator, never a date ("05-04-2021" is eight
 * digits too), passing the 11-test, and masked only with context: a cue word nearby or the
 * agent having asked for it. A cue belongs to the nearest number: in "mijn BSN is 123456782,
 * ticket 18187912" the ticket number is not a BSN, nor in "BSN 123456782 … ongeveer 30070065".
 */
export function findBsns(input: ScanInput, out: Findings): void {
  const { scan } = input;
  // Only runs of 8 or 9 digits can be a BSN.
  if ((scan.runDigitCounts & ((1 << 8) | (1 << 9))) === 0) return;
  const { runStart, runEnd, runDigitCount } = scan;
  for (let r = 0; r < scan.runCount; r++) {
    const digitCount = runDigitCount[r] as number;
    if (digitCount < 8 || digitCount > 9 || ((scan.runFlags[r] as number) & (LETTER_BEFORE | LETTER_AFTER)) !== 0) continue;
    const start = runStart[r] as number;
    const end = runEnd[r] as number;
    const groups = scan.runGroupCount[r] as number;
    const first = scan.runFirstGroup[r] as number;
    const last = first + groups - 1;
    if (groups > 4 || isDateShaped(scan, first, last) || input.isClaimed(start, end)) continue;
    let separator = -1;
    let consistent = true;
    for (let g = first; g < last && consistent; g++) {
      const sep = separatorCodeAfter(scan, g);
      consistent = (sep === 32 || sep === 46 || sep === 45) && (separator === -1 || sep === separator) && groupLength(scan, g) >= 2;
      separator = sep;
    }
    if (!consistent || !passesElevenTestInPlace(scan, first, last, digitCount)) continue;
    // The cue window stops at the neighbouring numbers: each of them is nearer to a cue on its side.
    let before = CUE_BEFORE;
    for (let p = r - 1; p >= 0; p--) {
      if (start - (runEnd[p] as number) > CUE_BEFORE) break;
      if ((runDigitCount[p] as number) >= CLAIMS_CUE) {
        before = start - (runEnd[p] as number);
        break;
      }
    }
    let after = CUE_AFTER;
    // A cue between two numbers is read as the next one's ("55016534 bsn 3161.07.396") unless it is nearer to this one.
    if (r + 1 < scan.runCount && (runDigitCount[r + 1] as number) >= CLAIMS_CUE) after = Math.min(after, Math.floor(((runStart[r + 1] as number) - end) / 2));
    const cueDistance = input.cueDistance(start, Cue.bsn, before);
    const referenceDistance = input.cueDistance(start, Cue.reference, 20);
    const cue = cueDistance < referenceDistance || (referenceDistance === Number.POSITIVE_INFINITY && input.hasCue(start, end, Cue.bsn, 0, after));
    // Eight digits are a BSN only when someone says so.
    if (digitCount === 8 && !cue) continue;
    let score = BARE_SCORE;
    if (cue) score = 0.92;
    else if (input.expects('bsn')) score = 0.85;
    if (!cue && referenceDistance !== Number.POSITIVE_INFINITY) score -= 0.3;
    out.push(detection('bsn', start, end, score));
  }
}

/**
 * The 11-test (checksums.ts, passesElevenTest) over the `digitCount` (8 or 9) digits of groups
 * first..last, read from the text in place: an 8-digit number is a 9-digit one with its leading
 * zero dropped, and all zeros is no BSN.
 */
function passesElevenTestInPlace(scan: Scan, first: number, last: number, digitCount: number): boolean {
  const { text } = scan;
  let weight = digitCount;
  let sum = 0;
  let any = 0;
  for (let g = first; g <= last; g++) {
    const end = scan.groupEnd[g] as number;
    for (let i = scan.groupStart[g] as number; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      any |= d;
      sum += weight === 1 ? -d : weight * d;
      weight--;
    }
  }
  return sum % 11 === 0 && any !== 0;
}
