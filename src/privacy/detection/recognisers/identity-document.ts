import { Cue } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isDigit, isLoweredWordUnit, loweredUnit } from '../text.js';

/**
 * Dutch passport and identity-card numbers: nine characters, letters at positions 1–2, letters
 * or digits at 3–8, a digit at 9, never the letter O (it would be read as zero). Plenty of
 * product codes share the shape, so only with a cue word or the agent's question.
 *
 * The rule as a regular expression over the lower-cased text, which is what this recogniser
 * ran until it read the text in place (isDocumentNumber): kept as the definition (proven safe
 * in patterns.ts) and for the test that holds the two to the same matches.
 */
export const DOCUMENT_NUMBER = /\b[a-np-z]{2}[a-np-z0-9]{6}[0-9]\b/g;

const WINDOW = 64;
const LENGTH = 9;

export function findIdentityDocuments(input: ScanInput, out: Findings): void {
  const expectPassport = input.expects('passport');
  const expectId = input.expects('id-card');
  if (!input.mentions(Cue.passport | Cue.idCard) && !expectPassport && !expectId) return;
  // A document number ends in a digit with no letter, digit or '_' after it: at the end of one
  // of the scan's digit groups. Those ends, in text order, are the only places to look; the
  // text is neither lower-cased nor searched by a regex.
  const { text, scan } = input;
  const { groupEnd, groupCount } = scan;
  for (let g = 0; g < groupCount; g++) {
    const end = groupEnd[g] as number;
    const start = end - LENGTH;
    if (start < 0 || !isDocumentNumber(text, start, end)) continue;
    const passportCue = input.hasCue(start, end, Cue.passport, WINDOW, 0);
    const idCue = input.hasCue(start, end, Cue.idCard, WINDOW, 0);
    if (passportCue || (expectPassport && !idCue)) out.push(detection('passport', start, end, 0.85));
    else if (idCue || expectId) out.push(detection('id-card', start, end, 0.85));
  }
}

/**
 * Whether text[start, end) (nine units, the last a digit) matches DOCUMENT_NUMBER in the
 * lower-cased text, boundaries included (loweredUnit: the lower-cased text, unit for unit, as
 * far as the pattern can tell).
 */
function isDocumentNumber(text: string, start: number, end: number): boolean {
  if (start > 0 && isLoweredWordUnit(loweredUnit(text.charCodeAt(start - 1)))) return false;
  if (end < text.length && isLoweredWordUnit(loweredUnit(text.charCodeAt(end)))) return false;
  if (!isLetterButO(loweredUnit(text.charCodeAt(start))) || !isLetterButO(loweredUnit(text.charCodeAt(start + 1)))) return false;
  for (let i = start + 2; i < end - 1; i++) {
    const code = loweredUnit(text.charCodeAt(i));
    if (!isLetterButO(code) && !isDigit(code)) return false;
  }
  return true;
}

/** a–z but 'o', lower case only. */
function isLetterButO(code: number): boolean {
  return code >= 97 && code <= 122 && code !== 111;
}
