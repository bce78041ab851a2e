import { passesElevenTest } from '../checksums.js';
import { groupDigits, groupLength, isDateShaped, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import type { Detection } from '../types.js';

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
export function findBsns(input: ScanInput, out: Detection[]): void {
  const { runs, text } = input;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run === undefined || run.letterBefore || run.letterAfter || run.digitCount < 8 || run.digitCount > 9) continue;
    const groups = run.groupStart.length;
    if (groups > 4 || isDateShaped(text, run, 0, groups - 1) || input.isClaimed(run.start, run.end)) continue;
    let separator = -1;
    let consistent = true;
    for (let g = 0; g + 1 < groups && consistent; g++) {
      const sep = separatorCodeAfter(text, run, g);
      consistent = (sep === 32 || sep === 46 || sep === 45) && (separator === -1 || sep === separator) && groupLength(run, g) >= 2;
      separator = sep;
    }
    if (!consistent) continue;
    const digits = groupDigits(text, run, 0, groups - 1);
    if (digits.length !== 9 && digits.length !== 8) continue;
    if (!passesElevenTest(digits)) continue;
    // The cue window stops at the neighbouring numbers: each of them is nearer to a cue on its side.
    let before = CUE_BEFORE;
    for (let p = r - 1; p >= 0; p--) {
      const previous = runs[p];
      if (previous === undefined || run.start - previous.end > CUE_BEFORE) break;
      if (previous.digitCount >= CLAIMS_CUE) {
        before = run.start - previous.end;
        break;
      }
    }
    let after = CUE_AFTER;
    const next = runs[r + 1];
    // A cue between two numbers is read as the next one's ("55016534 bsn 3161.07.396") unless it is nearer to this one.
    if (next !== undefined && next.digitCount >= CLAIMS_CUE) after = Math.min(after, Math.floor((next.start - run.end) / 2));
    const cueDistance = input.cueDistance(run.start, Cue.bsn, before);
    const referenceDistance = input.cueDistance(run.start, Cue.reference, 20);
    const cue = cueDistance < referenceDistance || (referenceDistance === Number.POSITIVE_INFINITY && input.hasCue(run.start, run.end, Cue.bsn, 0, after));
    // Eight digits are a BSN only when someone says so.
    if (digits.length === 8 && !cue) continue;
    let score = BARE_SCORE;
    if (cue) score = 0.92;
    else if (input.expected.has('bsn')) score = 0.85;
    if (!cue && referenceDistance !== Number.POSITIVE_INFINITY) score -= 0.3;
    out.push(detection('bsn', run.start, run.end, score));
  }
}
