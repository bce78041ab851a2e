/** Character tests on UTF-16 code units: no regex, no allocation, in the hot loops. */

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
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
