import { getCountrySpecifications, isValidBBAN } from 'ibantools';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAlnum, isAsciiLetter, isDigit } from '../text.js';
import type { Detection } from '../types.js';

/** Country code → IBAN length, from ibantools' registry (every SEPA country and the rest). */
const IBAN_LENGTH: ReadonlyMap<string, number> = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([country, spec]): [string, number][] => (typeof spec.chars === 'number' && spec.chars > 0 ? [[country, spec.chars]] : [])),
);

/**
 * IBANs, spaced ("NL91 ABNA 0417 1643 00") or not, any case, validated by mod-97 (ISO 7064,
 * computed here on the characters, no big-number strings) and then the country's BBAN format
 * and national check digits (ibantools). The scan has already found every place where two
 * letters and two digits start a word. A string of an IBAN's exact shape that fails is vetoed:
 * its digits are not masked as a card or a phone either.
 */
export function findIbans(input: ScanInput, out: Detection[]): void {
  const { text } = input;
  for (const start of input.scanned.ibanStarts) {
    const country = text.slice(start, start + 2).toUpperCase();
    const length = IBAN_LENGTH.get(country);
    if (length === undefined) continue;
    const found = collectIban(text, start, length);
    if (found === undefined) continue;
    if (!passesMod97(found.electronic) || !isValidBBAN(found.electronic.slice(4), country)) {
      input.vetoes.push({ start, end: found.end });
      continue;
    }
    const score = input.hasCue(start, found.end, Cue.iban, 40, 10) || input.expected.has('iban') ? 0.99 : 0.95;
    out.push(detection('iban', start, found.end, score, { country, last4: found.electronic.slice(-4) }));
    input.claimed.push({ start, end: found.end });
  }
}

/**
 * ISO 7064 mod 97-10 over the IBAN rearranged (BBAN, country, check digits), letters as 10–35.
 * The remainder is reduced only when it nears 2^53, not per character: an IBAN takes two or
 * three divisions instead of thirty.
 */
export function passesMod97(iban: string): boolean {
  let value = 0;
  for (let k = 0; k < iban.length; k++) {
    const code = iban.charCodeAt((k + 4) % iban.length);
    if (code >= 48 && code <= 57) value = value * 10 + (code - 48);
    else if (code >= 65 && code <= 90) value = value * 100 + (code - 55);
    else return false;
    if (value >= 1e13) value %= 97;
  }
  return value % 97 === 1;
}

/**
 * Exactly `length` letters and digits from `start`, allowing one space (or dash) between them,
 * followed by a word boundary. Bounded by `length`, so the work per start is constant.
 */
function collectIban(text: string, start: number, length: number): { electronic: string; end: number } | undefined {
  let electronic = '';
  let count = 0;
  let groupStart = start;
  let i = start;
  while (count < length && i < text.length) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code) || isDigit(code)) {
      count++;
      i++;
    } else if ((code === 32 || code === 0xa0 || code === 45) && count > 0 && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
      // Whole groups are copied at once: a handful of slices, not one string per character.
      electronic += text.slice(groupStart, i);
      groupStart = ++i;
    } else {
      return undefined;
    }
  }
  if (count !== length) return undefined;
  if (i < text.length && isAlnum(text.charCodeAt(i))) return undefined;
  electronic += text.slice(groupStart, i);
  return { electronic: electronic.toUpperCase(), end: i };
}
