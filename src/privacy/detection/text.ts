/** Character tests on UTF-16 code units: no regex, no allocation, in the hot loops. */

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number 0–99 that text[at] and text[at + 1] spell as two ASCII digits, or -1 when they do not. */
export function twoDigitValue(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isUpperAscii(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** Letters as they occur in Dutch and English names and words, accents included. */
export function isWordLetter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
}

export function isAlnum(code: number): boolean {
  return isDigit(code) || isWordLetter(code);
}

/** NaN (outside the string) counts as a boundary. */
export function codeAt(text: string, index: number): number {
  return text.charCodeAt(index);
}

export function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0x202f;
}

/**
 * Lower case that keeps every offset: String#toLowerCase may change the length (İ becomes two
 * units), which would shift every offset found in the lowered copy. The fast native path is kept
 * for the usual case; only texts where the length changes pay for the per-character fallback.
 */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const low = ch.toLowerCase();
    parts.push(low.length === 1 ? low : ch);
  }
  return parts.join('');
}

/**
 * One unit as a regex run over the lower-cased text sees it, for the recognisers that read the
 * text in place instead: A–Z lowered, the Kelvin sign (U+212A) as the 'k' it lowers to, every
 * other unit unchanged. No other unit lowers into [a-z0-9_], and a text whose lower case would
 * change its length (İ) is lowered unit by unit, İ staying as it is (lowerSameLength), so for
 * letters, digits, '_' and \b this is the lower-cased text, unit for unit.
 */
export function loweredUnit(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  return code === 0x212a ? 107 : code;
}

/** \w (a–z, 0–9, '_') of a unit of the lower-cased text. */
export function isLoweredWordUnit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
}
