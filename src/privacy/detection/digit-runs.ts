import type { Scan } from './scan.js';

/**
 * Digit runs: groups of digits joined by short separators, "4111 1111 1111 1111", "+31 (0)6-1234
 * 5678", "12.05.1984", "192.168.0.1". Cards, BSNs, phones, IPs, dates and postcodes are all found
 * by looking at runs, so the text is scanned for digits once (scanText, scan.ts) and every number
 * recogniser reads the runs' typed arrays by index instead of running its own regex over the
 * whole text. Groups are numbered across the whole text: run r's are runFirstGroup[r] onwards.
 */

export function groupLength(scan: Scan, g: number): number {
  return (scan.groupEnd[g] as number) - (scan.groupStart[g] as number);
}

/** The digits of groups first..last (inclusive), without separators. */
export function groupDigits(scan: Scan, first: number, last: number): string {
  const { text, groupStart, groupEnd } = scan;
  if (first === last) return text.slice(groupStart[first], groupEnd[first]);
  let digits = '';
  for (let g = first; g <= last; g++) digits += text.slice(groupStart[g], groupEnd[g]);
  return digits;
}

/** The value of group g's digits (at most a few of them: callers check its length first). */
export function groupValue(scan: Scan, g: number): number {
  const { text } = scan;
  let value = 0;
  for (let i = scan.groupStart[g] as number, end = scan.groupEnd[g] as number; i < end; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/**
 * The separator between group g and the next group of its run as one char code, or -1 when it is
 * longer than one character or the run ends at g: comparing codes needs no string.
 */
export function separatorCodeAfter(scan: Scan, g: number): number {
  return scan.groupSeparator[g] as number;
}

/** Whether the separators after groups g and h (both followed by a group of the same run) are the same text, compared in place. */
export function sameSeparator(scan: Scan, g: number, h: number): boolean {
  const { text, groupStart, groupEnd } = scan;
  const a = groupEnd[g] as number;
  const b = groupEnd[h] as number;
  const length = (groupStart[g + 1] as number) - a;
  if ((groupStart[h + 1] as number) - b !== length) return false;
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/**
 * Groups first..last read as a date: d-m-yyyy, dd/mm/yy, yyyy-mm-dd, one separator ('-', '/',
 * '.') throughout. Dates are what contact centres talk about all day: no number recogniser
 * takes one for a BSN, a phone or anything else but a date.
 */
export function isDateShaped(scan: Scan, first: number, last: number): boolean {
  if (last - first !== 2) return false;
  const sep = scan.groupSeparator[first] as number;
  if ((sep !== 45 && sep !== 47 && sep !== 46) || scan.groupSeparator[first + 1] !== sep) return false;
  const a = groupLength(scan, first);
  const b = groupLength(scan, first + 1);
  const c = groupLength(scan, last);
  return (a <= 2 && b <= 2 && (c === 4 || c === 2)) || (a === 4 && b <= 2 && c <= 2);
}
