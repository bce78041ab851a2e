import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAlnum, isDigit, isSpaceCode, lowerSameLength } from '../text.js';
import type { EntityType, KnownContactData } from '../types.js';

/**
 * The contact's own name, address and numbers from their profile, wherever they appear:
 * names and addresses case- and whitespace-insensitively, numbers digit for digit whatever
 * their spacing. Searched with indexOf (native), never compiled into a regex, so profile text
 * can hold any character without becoming a pattern.
 */
export function findKnownContactData(input: ScanInput, known: KnownContactData, out: Findings): void {
  for (const name of known.names ?? []) findPhrase(input, name, 'known-name', out);
  for (const address of known.addresses ?? []) findPhrase(input, address, 'known-address', out);
  for (const email of known.emails ?? []) findPhrase(input, email, 'email', out);
  const numbers = [...(known.phones ?? []), ...(known.numbers ?? [])].map(digitsOf).filter((digits) => digits.length >= 4);
  if (numbers.length > 0) findNumbers(input, numbers, out);
}

function digitsOf(value: string): string {
  let digits = '';
  for (let i = 0; i < value.length; i++) if (isDigit(value.charCodeAt(i))) digits += value.charAt(i);
  return digits;
}

/** Words of the phrase, lower-cased; between them any run of whitespace matches. */
function findPhrase(input: ScanInput, phrase: string, type: EntityType, out: Findings): void {
  const words = lowerSameLength(phrase).split(/\s+/).filter((word) => word.length > 0);
  const firstWord = words[0];
  if (firstWord === undefined || (words.length === 1 && firstWord.length < 2)) return;
  const { lower } = input;
  let at = lower.indexOf(firstWord);
  while (at !== -1) {
    const end = matchRest(lower, at + firstWord.length, words);
    if (end !== -1 && (at === 0 || !isAlnum(lower.charCodeAt(at - 1))) && (end >= lower.length || !isAlnum(lower.charCodeAt(end)))) {
      out.push(detection(type, at, end, 0.95));
      at = lower.indexOf(firstWord, end);
    } else {
      at = lower.indexOf(firstWord, at + 1);
    }
  }
}

function matchRest(lower: string, from: number, words: readonly string[]): number {
  let i = from;
  for (let w = 1; w < words.length; w++) {
    const word = words[w] ?? '';
    const spaceStart = i;
    while (i < lower.length && (isSpaceCode(lower.charCodeAt(i)) || lower.charCodeAt(i) === 10) && i - spaceStart < 8) i++;
    if (i === spaceStart || !lower.startsWith(word, i)) return -1;
    i += word.length;
  }
  return i;
}

/** A known number inside a digit run, compared on digits only ("06-1234 5678" = "0612345678"). */
function findNumbers(input: ScanInput, numbers: readonly string[], out: Findings): void {
  const { text, scan } = input;
  for (let r = 0; r < scan.runCount; r++) {
    const runStart = scan.runStart[r] as number;
    const runEnd = scan.runEnd[r] as number;
    let digits = '';
    const positions: number[] = [];
    const first = scan.runFirstGroup[r] as number;
    for (let g = first; g < first + (scan.runGroupCount[r] as number); g++) {
      for (let i = scan.groupStart[g] as number; i < (scan.groupEnd[g] as number); i++) {
        digits += text.charAt(i);
        positions.push(i);
      }
    }
    for (const number of numbers) {
      // A phone stored as +31 6… is said as 06…: compare the last nine digits when both are long.
      const needle = number.length > 9 && digits.length >= 9 ? number.slice(-9) : number;
      const at = digits.indexOf(needle);
      if (at === -1) continue;
      // The trunk 0 or country code in front of a suffix match belongs to the number.
      const lead = digits.slice(0, at);
      const whole = needle !== number && (lead === '0' || number.endsWith(lead + needle));
      const start = whole ? runStart : (positions[at] ?? runStart);
      const end = (positions[at + needle.length - 1] ?? runEnd - 1) + 1;
      out.push(detection('known-number', start, end, 0.95));
    }
  }
}
