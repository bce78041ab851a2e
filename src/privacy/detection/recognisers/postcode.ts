import { groupLength } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_BEFORE, RUN_SHAPE_ENDS_IN_FOUR } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAsciiLetter, isDigit, isUpperAscii, isWordLetter } from '../text.js';

/** Letter pairs PostNL never issues (SA, SD, SS: wartime connotations). */
const UNUSED_LETTERS = new Set(['SA', 'SD', 'SS']);

/**
 * Dutch postcodes: four digits (not starting with 0), an optional space, two letters, a word
 * boundary. Upper-case letters are the written convention; lower case ("1234ab") scores lower
 * because "2024 is" must not be one. A house number right after ("1234 AB 12") joins the span.
 */
export function findPostcodes(input: ScanInput, out: Findings): void {
  const { text, scan } = input;
  if ((scan.runShapes & RUN_SHAPE_ENDS_IN_FOUR) === 0) return;
  for (let r = 0; r < scan.runCount; r++) {
    if (((scan.runFlags[r] as number) & LETTER_BEFORE) !== 0) continue;
    const groups = scan.runGroupCount[r] as number;
    const last = (scan.runFirstGroup[r] as number) + groups - 1;
    if (groupLength(scan, last) !== 4) continue;
    const start = scan.groupStart[last] as number;
    if (groups > 1 && text.charCodeAt(start - 1) !== 32) continue;
    if (text.charCodeAt(start) === 48) continue;
    let i = scan.runEnd[r] as number;
    if (text.charCodeAt(i) === 32) i++;
    const l1 = text.charCodeAt(i);
    const l2 = text.charCodeAt(i + 1);
    if (!isAsciiLetter(l1) || !isAsciiLetter(l2) || isWordLetter(text.charCodeAt(i + 2))) continue;
    const letters = text.slice(i, i + 2).toUpperCase();
    if (UNUSED_LETTERS.has(letters)) continue;
    const upper = isUpperAscii(l1) && isUpperAscii(l2);
    const cue = input.hasCue(start, start, Cue.postcode, 40, 0);
    let score = upper ? 0.8 : cue ? 0.75 : 0.2;
    if (input.hasCue(start, i + 2, Cue.reference, 20, 0)) score -= 0.3;
    out.push(detection('postcode', start, houseNumberEnd(text, i + 2), score));
  }
}

function houseNumberEnd(text: string, end: number): number {
  if (text.charCodeAt(end) !== 32 || !isDigit(text.charCodeAt(end + 1))) return end;
  let i = end + 1;
  while (i < text.length && i - end <= 5 && isDigit(text.charCodeAt(i))) i++;
  return isWordLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)) ? end : i;
}
