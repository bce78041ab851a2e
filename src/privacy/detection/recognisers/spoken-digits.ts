import { cardBrand, passesElevenTest, passesLuhn } from '../checksums.js';
import { Cue, ENTRY_PHRASE } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';

/**
 * Number words as a transcript spells them out: "nul zes twee vier …", "six two four …",
 * "double five". The words come from the lexicon hits of the scan (whole words only: "geen"
 * holds no "een"), so this recogniser reads no text of its own until seven of them are in a row.
 */

/** Between two number words: spaces, commas, dashes, dots; at most this many characters. */
const MAX_GAP = 3;

function isGapCode(code: number): boolean {
  return code === 32 || code === 44 || code === 45 || code === 46 || code === 0xa0;
}

interface SpokenNumber {
  start: number;
  end: number;
  digits: string;
}

/** Runs of at least seven spoken digits, validated as whatever they fit: phone, card or BSN. */
export function findSpokenNumbers(input: ScanInput, out: Findings): void {
  if (!input.mentions(Cue.numberWord) || spokenDigitsAtMost(input) < 7) return;
  for (const spoken of spokenRuns(input)) {
    const { digits, start, end } = spoken;
    if (digits.length >= 12 && cardBrand(digits) !== undefined && passesLuhn(digits)) {
      out.push(detection('card', start, end, 0.9, { last4: digits.slice(-4), brand: cardBrand(digits) ?? 'card' }));
    } else if (digits.length === 9 && passesElevenTest(digits) && (input.expects('bsn') || input.hasCue(start, end, Cue.bsn, 48, 16))) {
      out.push(detection('bsn', start, end, 0.9));
    } else if (digits.length === 10 && digits.startsWith('0')) {
      out.push(detection('phone', start, end, 0.85, { last2: digits.slice(-2) }));
    } else if (digits.length >= 11 && digits.length <= 13 && (digits.startsWith('00') || digits.startsWith('31') || digits.startsWith('32') || digits.startsWith('44'))) {
      out.push(detection('phone', start, end, 0.8, { last2: digits.slice(-2) }));
    } else if (digits.length >= 7 && (input.expects('phone') || input.hasCue(start, end, Cue.phone, 40, 16))) {
      out.push(detection('phone', start, end, 0.7, { last2: digits.slice(-2) }));
    }
  }
}

/**
 * An upper bound on the digits all number words of the text could spell: each digit word its own
 * digits, each repeat word ("triple") as many more as it repeats. Most texts with a number word
 * have one "een" or "one" in them, far from seven digits: they are done without building a run.
 */
function spokenDigitsAtMost(input: ScanInput): number {
  const { hitCues, hitEntry, hitCount } = input.scan;
  let digits = 0;
  for (let h = 0; h < hitCount; h++) {
    // The cue bits first: most hits are no number word, and their phrase need not be read at all.
    if (((hitCues[h] as number) & Cue.numberWord) === 0) continue;
    const phrase = ENTRY_PHRASE[hitEntry[h] as number];
    if (phrase === undefined) continue;
    digits += phrase.repeat !== undefined ? phrase.repeat - 1 : (phrase.digit ?? '').length;
  }
  return digits;
}

function spokenRuns(input: ScanInput): SpokenNumber[] {
  const { text } = input;
  const { hitStart, hitEnd, hitCues, hitEntry, hitCount } = input.scan;
  const runs: SpokenNumber[] = [];
  let current: SpokenNumber | undefined;
  let repeat = 1;
  for (let h = 0; h < hitCount; h++) {
    const phrase = ENTRY_PHRASE[hitEntry[h] as number];
    if (phrase === undefined || ((hitCues[h] as number) & Cue.numberWord) === 0) continue;
    const start = hitStart[h] as number;
    const end = hitEnd[h] as number;
    if (current !== undefined && !onlyGapBetween(text, current.end, start)) {
      if (current.digits.length >= 7) runs.push(current);
      current = undefined;
      repeat = 1;
    }
    if (phrase.repeat !== undefined) {
      repeat = phrase.repeat;
      current ??= { start, end, digits: '' };
      current.end = end;
      continue;
    }
    current ??= { start, end, digits: '' };
    current.digits += (phrase.digit ?? '').repeat(repeat);
    current.end = end;
    repeat = 1;
  }
  if (current !== undefined && current.digits.length >= 7) runs.push(current);
  return runs;
}

function onlyGapBetween(text: string, from: number, to: number): boolean {
  if (to - from > MAX_GAP || to <= from) return false;
  for (let i = from; i < to; i++) if (!isGapCode(text.charCodeAt(i))) return false;
  return true;
}
