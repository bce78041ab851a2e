import { Cue, lowerCode } from '../lexicon.js';
import { LETTER_BEFORE, RUN_SHAPE_SHORT_NUMBER } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAsciiLetter, isDigit, isWordLetter } from '../text.js';

/** Dutch street names end in one of these: "Kerkstraat", "Amstelveenseweg", "Prinsengracht". */
const DUTCH_SUFFIXES: readonly string[] = [
  'straat', 'weg', 'laan', 'plein', 'gracht', 'kade', 'dijk', 'singel', 'steeg', 'pad', 'dreef', 'hof', 'park', 'markt', 'baan', 'wal', 'erf', 'kant', 'haven',
  'polder', 'plantsoen', 'boulevard', 'allee', 'veld', 'burg', 'sloot', 'vaart', 'akker', 'brink', 'ring', 'zijde', 'straatje', 'laantje',
];

/**
 * The suffixes by their last letter (ASCII, indexed by its char code): a word is compared only
 * with those that end as it does, found by an array read rather than a Map lookup.
 */
const SUFFIXES_BY_LAST: readonly (readonly string[] | undefined)[] = (() => {
  const byLast = new Array<string[] | undefined>(128).fill(undefined);
  for (const suffix of DUTCH_SUFFIXES) {
    const last = suffix.charCodeAt(suffix.length - 1);
    if (last >= 128) throw new Error(`street suffix must end in an ASCII letter: ${suffix}`);
    const list = byLast[last] ?? [];
    list.push(suffix);
    byLast[last] = list;
  }
  return byLast;
})();

const MAX_WORD = 40;

/**
 * Street + house number, found from the house numbers (the digit runs) rather than by a regex:
 * Dutch streets stand before the number ("Kerkstraat 12a"), English ones after it ("221B Baker
 * Street"). Each number looks at most one word back or four words ahead, so the work is linear.
 */
export function findAddresses(input: ScanInput, out: Findings): void {
  const { text, scan } = input;
  if ((scan.runShapes & RUN_SHAPE_SHORT_NUMBER) === 0) return;
  for (let r = 0; r < scan.runCount; r++) {
    // One group: its digits are the run's.
    if (scan.runGroupCount[r] !== 1 || (scan.runDigitCount[r] as number) > 5 || ((scan.runFlags[r] as number) & LETTER_BEFORE) !== 0) continue;
    const start = scan.runStart[r] as number;
    const end = scan.runEnd[r] as number;
    const dutch = dutchStreetBefore(text, start);
    if (dutch !== undefined) {
      out.push(detection('address', dutch.start, houseNumberEnd(text, end), dutch.capital ? 0.8 : 0.55));
      continue;
    }
    const englishEnd = input.mentions(Cue.englishStreet) ? englishStreetAfter(input, end) : undefined;
    if (englishEnd !== undefined) out.push(detection('address', start, englishEnd, 0.75));
  }
}

function dutchStreetBefore(text: string, numberStart: number): { start: number; capital: boolean } | undefined {
  const wordEnd = numberStart - 1;
  if (wordEnd < 1 || text.charCodeAt(wordEnd) !== 32) return undefined;
  // The word's last letter first: most words before a number end in no suffix's, and need no walk back.
  const last = lowerCode(text.charCodeAt(wordEnd - 1));
  const candidates = last < 128 ? SUFFIXES_BY_LAST[last] : undefined;
  if (candidates === undefined) return undefined;
  let start = wordEnd;
  while (start > 0 && wordEnd - start < MAX_WORD && isWordLetter(text.charCodeAt(start - 1))) start--;
  if (start === wordEnd) return undefined;
  let isStreet = false;
  for (const s of candidates) if (wordEnd - start >= s.length && endsWithLower(text, wordEnd, s)) isStreet = true;
  if (!isStreet) return undefined;
  // The capital is what separates "Kerkstraat 12" from "de weg 12 keer".
  return { start, capital: lowerCode(text.charCodeAt(start)) !== text.charCodeAt(start) };
}

/** Whether text[end - suffix.length, end) is `suffix` (lower case), compared in place. */
function endsWithLower(text: string, end: number, suffix: string): boolean {
  const from = end - suffix.length;
  for (let k = 0; k < suffix.length; k++) if (lowerCode(text.charCodeAt(from + k)) !== suffix.charCodeAt(k)) return false;
  return true;
}

/** A letter or "-2" after the house number: "12a", "12-2", "12 bis". */
function houseNumberEnd(text: string, end: number): number {
  if (isAsciiLetter(text.charCodeAt(end)) && !isWordLetter(text.charCodeAt(end + 1))) return end + 1;
  if (text.charCodeAt(end) === 45 && isDigit(text.charCodeAt(end + 1))) {
    let i = end + 1;
    while (i < text.length && i - end <= 4 && isDigit(text.charCodeAt(i))) i++;
    return i;
  }
  return end;
}

function englishStreetAfter(input: ScanInput, numberEnd: number): number | undefined {
  const { text } = input;
  let i = numberEnd;
  if (isAsciiLetter(text.charCodeAt(i)) && text.charCodeAt(i + 1) === 32) i++;
  for (let words = 0; words < 4; words++) {
    if (text.charCodeAt(i) !== 32) return undefined;
    const start = i + 1;
    let end = start;
    while (end < text.length && end - start < MAX_WORD && isAsciiLetter(text.charCodeAt(end))) end++;
    if (end === start) return undefined;
    if (words > 0 && !isWordLetter(text.charCodeAt(end)) && isStreetKind(input, start, end)) return end;
    i = end;
  }
  return undefined;
}

function isStreetKind(input: ScanInput, start: number, end: number): boolean {
  const { hitStart, hitEnd, hitCues, hitCount } = input.scan;
  for (let h = 0; h < hitCount; h++) {
    const hs = hitStart[h] as number;
    if (hs > start) return false;
    if (hs === start && hitEnd[h] === end && ((hitCues[h] as number) & Cue.englishStreet) !== 0) return true;
  }
  return false;
}
