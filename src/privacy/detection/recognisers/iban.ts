import { countrySpecs } from 'ibantools';
import { Cue } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAlnum, isAsciiLetter, isDigit } from '../text.js';

/** What each position of a BBAN may hold. */
const DIGIT = 1;
const LETTER = 2;
const ALNUM = DIGIT | LETTER;

const CLASSES: Readonly<Record<string, number>> = { '[0-9]': DIGIT, '[A-Z]': LETTER, '[A-Z0-9]': ALNUM, '[0-9A-Z]': ALNUM };

interface CountryFormat {
  readonly country: string;
  /** The IBAN's length, country code and check digits included. */
  readonly length: number;
  /** Per BBAN position: DIGIT, LETTER (upper case) or ALNUM. */
  readonly positions: Uint8Array;
  /** The country's national check digits, where it has them (ibantools'). */
  readonly nationalCheck: ((bban: string) => boolean) | undefined;
  /**
   * The same check read from the text in place, for the countries whose check is rewritten
   * below (France and Monaco, Belgium): ibantools' builds strings, an array and a regex per
   * call. Undefined: use nationalCheck on the BBAN string.
   */
  readonly nationalCheckInPlace: ((text: string, start: number, end: number) => boolean) | undefined;
}

/**
 * ibantools' registry (every SEPA country and the rest) read once into a per-position table per
 * country: its BBAN patterns are all "^([class]{n})+$", which a table checks without a regex (and
 * ibantools' own isValidBBAN compiles a new RegExp on every call). A pattern of another form
 * leaves its country out: such an IBAN is then not recognised, never wrongly accepted.
 */
const FORMATS: ReadonlyMap<string, CountryFormat> = (() => {
  const inPlace = inPlaceChecks();
  const formats = new Map<string, CountryFormat>();
  for (const [country, spec] of Object.entries(countrySpecs)) {
    if (typeof spec.chars !== 'number' || typeof spec.bban_regexp !== 'string') continue;
    const positions = bbanPositions(spec.bban_regexp, spec.chars - 4);
    if (positions === undefined) continue;
    const nationalCheck = spec.bban_validation_func;
    formats.set(country, { country, length: spec.chars, positions, nationalCheck, nationalCheckInPlace: nationalCheck === undefined ? undefined : inPlace.get(nationalCheck) });
  }
  return formats;
})();

/**
 * ibantools' national checks that findIbans runs in place instead, keyed by the registry's own
 * function (so a country is rewritten only while the registry still uses that function):
 * France's (Monaco shares it) and Belgium's. Both are arithmetic on the BBAN's digits, which
 * the BBAN table has already checked: the French RIB key is the BBAN, letters mapped to digits,
 * ≡ 0 (mod 97); the Belgian key is the first ten digits mod 97 (97 for 0), equal to the last two.
 */
function inPlaceChecks(): ReadonlyMap<(bban: string) => boolean, (text: string, start: number, end: number) => boolean> {
  const checks = new Map<(bban: string) => boolean, (text: string, start: number, end: number) => boolean>();
  const french = countrySpecs['FR']?.bban_validation_func;
  const belgian = countrySpecs['BE']?.bban_validation_func;
  if (french !== undefined) checks.set(french, frenchKeyInPlace);
  if (belgian !== undefined) checks.set(belgian, belgianKeyInPlace);
  return checks;
}

/**
 * checkFrenchBBAN without a string: the BBAN's characters (text[start + 4, end), separators
 * skipped), letters as their RIB digits (A–I 1–9, J–R 1–9, S–Z 2–9), read as one number ≡ 0 (mod 97).
 */
function frenchKeyInPlace(text: string, start: number, end: number): boolean {
  let value = 0;
  for (let i = start + 4; i < end; i++) {
    const code = upper(text.charCodeAt(i));
    let digit: number;
    if (code >= 48 && code <= 57) digit = code - 48;
    else if (code >= 65 && code <= 73) digit = code - 64;
    else if (code >= 74 && code <= 82) digit = code - 73;
    else if (code >= 83 && code <= 90) digit = code - 81;
    else continue;
    value = (value * 10 + digit) % 97;
  }
  return value === 0;
}

/** checkBelgianBBAN without a string: the first ten BBAN digits mod 97 (97 for 0) equal the last two. */
function belgianKeyInPlace(text: string, start: number, end: number): boolean {
  let value = 0;
  let key = 0;
  let count = 0;
  for (let i = start + 4; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    if (count < 10) value = (value * 10 + (code - 48)) % 97;
    else key = key * 10 + (code - 48);
    count++;
  }
  return (value === 0 ? 97 : value) === key;
}

/**
 * A few patterns lack their '^' or '$' ("^[0-9]{25}", "[A-Z]{4}[0-9]{4}[0-9A-Z]{18}"):
 * ibantools checks the length apart, so a pattern as long as the BBAN is anchored anyway, and
 * one anchored at its start only leaves the rest to any letter or digit.
 */
function bbanPositions(pattern: string, length: number): Uint8Array | undefined {
  const token = /\[[0-9A-Z-]+\]\{[0-9]+\}/y;
  const startAnchored = pattern.startsWith('^');
  const anchored = pattern.endsWith('$');
  const body = pattern.slice(startAnchored ? 1 : 0, anchored ? -1 : undefined);
  const positions: number[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < body.length) {
    const match = token.exec(body);
    if (match === null) return undefined;
    const [, cls = '', count = ''] = /^(\[[^\]]+\])\{([0-9]+)\}$/.exec(match[0]) ?? [];
    const kind = CLASSES[cls];
    if (kind === undefined) return undefined;
    for (let k = 0; k < Number(count); k++) positions.push(kind);
  }
  if (positions.length > length || (positions.length < length && (anchored || !startAnchored))) return undefined;
  while (positions.length < length) positions.push(ALNUM);
  return Uint8Array.from(positions);
}

/**
 * IBANs, spaced ("NL91 ABNA 0417 1643 00") or not, any case, validated by mod-97 (ISO 7064,
 * computed in place on the text's characters: no electronic-form string, no big numbers) and then the country's BBAN format
 * and national check digits (ibantools' registry, read once into tables). The scan has already found every place where two
 * letters and two digits start a word. A string of an IBAN's exact shape that fails is vetoed:
 * its digits are not masked as a card or a phone either.
 */
export function findIbans(input: ScanInput, out: Findings): void {
  const { text } = input;
  const { ibanStarts, ibanStartCount } = input.scan;
  for (let s = 0; s < ibanStartCount; s++) {
    const start = ibanStarts[s] as number;
    const format = FORMAT_BY_CODE[countryIndex(text.charCodeAt(start), text.charCodeAt(start + 1))];
    if (format === undefined) continue;
    const end = ibanEnd(text, start, format);
    if (end === -1) continue;
    // Checked in place, in the same walk: only an IBAN that passes becomes a string (its last four are shown).
    if (!ibanPassed) {
      input.veto(start, end);
      continue;
    }
    const inPlace = format.nationalCheckInPlace;
    if (inPlace !== undefined ? !inPlace(text, start, end) : format.nationalCheck !== undefined && !format.nationalCheck(bbanOf(text, start, end, format.length))) {
      input.veto(start, end);
      continue;
    }
    const score = input.hasCue(start, end, Cue.iban, 40, 10) || input.expects('iban') ? 0.99 : 0.95;
    out.push(detection('iban', start, end, score, { country: format.country, last4: lastFour(text, end) }));
    input.claim(start, end);
  }
}

/** Upper case of an ASCII letter's code; digits and the rest unchanged. */
function upper(code: number): number {
  return code >= 97 && code <= 122 ? code - 32 : code;
}

/** Two letters, any case, as 0..675; -1 when either is no ASCII letter. */
function countryIndex(a: number, b: number): number {
  const x = upper(a) - 65;
  const y = upper(b) - 65;
  return x >= 0 && x < 26 && y >= 0 && y < 26 ? x * 26 + y : -1;
}

const FORMAT_BY_CODE: (CountryFormat | undefined)[] = (() => {
  const table = new Array<CountryFormat | undefined>(26 * 26).fill(undefined);
  for (const [country, format] of FORMATS) {
    const index = countryIndex(country.charCodeAt(0), country.charCodeAt(1));
    if (index >= 0) table[index] = format;
  }
  return table;
})();

/** The last four letters or digits before `end`, upper case: what the mask shows. */
function lastFour(text: string, end: number): string {
  let i = end - 1;
  while (!isAlnum(text.charCodeAt(i))) i--;
  const d = upper(text.charCodeAt(i--));
  while (!isAlnum(text.charCodeAt(i))) i--;
  const c = upper(text.charCodeAt(i--));
  while (!isAlnum(text.charCodeAt(i))) i--;
  const b = upper(text.charCodeAt(i--));
  while (!isAlnum(text.charCodeAt(i))) i--;
  const a = upper(text.charCodeAt(i));
  return String.fromCharCode(a, b, c, d);
}

/** The BBAN in electronic form (no separators, upper case) of the IBAN of `length` characters in [start, end). */
function bbanOf(text: string, start: number, end: number, length: number): string {
  // Written without separators: the BBAN is one slice.
  if (end - start === length) return text.slice(start + 4, end).toUpperCase();
  let bban = '';
  let groupStart = start + 4;
  for (let i = groupStart; i < end; i++) {
    if (isAlnum(text.charCodeAt(i))) continue;
    bban += text.slice(groupStart, i);
    groupStart = i + 1;
  }
  bban += text.slice(groupStart, end);
  return bban.toUpperCase();
}

/** Whether the IBAN ibanEnd() found last passed mod-97 and the BBAN structure (read at once by findIbans). */
let ibanPassed = false;

/**
 * The end of exactly the format's length in letters and digits from `start`, allowing one space
 * (or dash) between them, followed by a word boundary; -1 when there is none. Bounded by the
 * length, so the work per start is constant. The same walk computes mod-97 (ISO 7064) over the
 * characters as they stand (letters in either case) and checks the BBAN against the country's
 * per-position table, leaving the verdict in ibanPassed: the four characters at `start` (country
 * and check digits, never split: the scan found them together) go last in the checksum. The
 * remainder is taken at every character: it stays a small integer, and `% 97` by a constant
 * compiles to a multiplication, where a double reduced now and then needs a floating-point
 * remainder.
 */
function ibanEnd(text: string, start: number, format: CountryFormat): number {
  const { length, positions } = format;
  let count = 0;
  let i = start;
  let value = 0;
  let fits = true;
  while (count < length && i < text.length) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code) || isDigit(code)) {
      if (count >= 4) {
        const upperCode = upper(code);
        if (upperCode <= 57) {
          value = (value * 10 + (upperCode - 48)) % 97;
          if (((positions[count - 4] ?? 0) & DIGIT) === 0) fits = false;
        } else {
          value = (value * 100 + (upperCode - 55)) % 97;
          if (((positions[count - 4] ?? 0) & LETTER) === 0) fits = false;
        }
      }
      count++;
      i++;
    } else if ((code === 32 || code === 0xa0 || code === 45) && count > 0 && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
      i++;
    } else {
      return -1;
    }
  }
  if (count !== length) return -1;
  if (i < text.length && isAlnum(text.charCodeAt(i))) return -1;
  for (let k = start; k < start + 4; k++) {
    const code = upper(text.charCodeAt(k));
    value = (code <= 57 ? value * 10 + (code - 48) : value * 100 + (code - 55)) % 97;
  }
  ibanPassed = fits && value === 1;
  return i;
}
