import { isValidBIC } from 'ibantools';
import { Cue } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAlnum, isDigit, isUpperAscii } from '../text.js';
import type { Detection } from '../types.js';

const NEAR_IBAN = 60;

/**
 * BIC needs more than its shape, which many upper-case words have ("DOCUMENT": bank DOCU,
 * country ME): a valid country code (ibantools) and either a cue word, an IBAN nearby, or a
 * digit in the location code, which words do not have.
 */
export function findBics(input: ScanInput, ibans: readonly Detection[], out: Findings): void {
  const { text } = input;
  const { bicStarts, bicStartCount } = input.scan;
  for (let s = 0; s < bicStartCount; s++) {
    const start = bicStarts[s] as number;
    const end = bicShapeEnd(text, start);
    if (end === undefined) continue;
    const word = text.slice(start, end);
    if (!isValidBIC(word)) continue;
    const cue = input.hasCue(start, end, Cue.bic, 32, 0) || input.expects('bic');
    const nearIban = ibans.some((iban) => Math.abs(iban.start - end) <= NEAR_IBAN || Math.abs(start - iban.end) <= NEAR_IBAN);
    const locationHasDigit = isDigit(word.charCodeAt(6)) || isDigit(word.charCodeAt(7));
    let score = 0.3;
    if (cue) score = 0.9;
    else if (nearIban) score = 0.8;
    else if (locationHasDigit) score = 0.6;
    out.push(detection('bic', start, end, score));
  }
}

/**
 * The end of a BIC-shaped word at `start` (six upper-case letters, known from the scan, then two
 * or five upper-case letters or digits, then a word boundary), or undefined.
 */
function bicShapeEnd(text: string, start: number): number | undefined {
  let end = start + 6;
  while (end < text.length && end - start < 12) {
    const code = text.charCodeAt(end);
    if (!isUpperAscii(code) && !isDigit(code)) break;
    end++;
  }
  if (end - start !== 8 && end - start !== 11) return undefined;
  if (end < text.length && (isAlnum(text.charCodeAt(end)) || text.charCodeAt(end) === 95)) return undefined;
  return end;
}
