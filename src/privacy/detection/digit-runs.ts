/**
 * A run of digit groups joined by short separators: "4111 1111 1111 1111", "+31 (0)6-1234 5678",
 * "12.05.1984", "192.168.0.1". Cards, BSNs, phones, IPs, dates and postcodes are all found by
 * looking at runs, so the text is scanned for digits once and every number recogniser works on
 * this list instead of running its own regex over the whole text. scanText (scan.ts) finds them.
 */
export interface DigitRun {
  /** Offsets of group i are groupStart[i] .. groupEnd[i]. */
  readonly groupStart: readonly number[];
  readonly groupEnd: readonly number[];
  readonly start: number;
  readonly end: number;
  /** Digits in all groups: lets each recogniser skip runs of the wrong size without slicing. */
  readonly digitCount: number;
  /** A letter touches the run: "ABNA0417", "1234AB", "3560x4587". */
  readonly letterBefore: boolean;
  readonly letterAfter: boolean;
}

/** The digits of groups first..last (inclusive), without separators. */
export function groupDigits(text: string, run: DigitRun, first: number, last: number): string {
  let digits = '';
  for (let g = first; g <= last; g++) digits += text.slice(run.groupStart[g] ?? 0, run.groupEnd[g] ?? 0);
  return digits;
}

export function groupLength(run: DigitRun, g: number): number {
  return (run.groupEnd[g] ?? 0) - (run.groupStart[g] ?? 0);
}

/**
 * The separator between group g and group g + 1 as one char code, or -1 when it is longer than
 * one character (or there is no group g + 1): comparing codes needs no string.
 */
export function separatorCodeAfter(text: string, run: DigitRun, g: number): number {
  const end = run.groupEnd[g] ?? 0;
  const next = run.groupStart[g + 1];
  return next === end + 1 ? text.charCodeAt(end) : -1;
}

/** Whether the separators after groups g and h are the same text, compared in place. */
export function sameSeparator(text: string, run: DigitRun, g: number, h: number): boolean {
  const a = run.groupEnd[g] ?? 0;
  const b = run.groupEnd[h] ?? 0;
  const length = (run.groupStart[g + 1] ?? 0) - a;
  if ((run.groupStart[h + 1] ?? 0) - b !== length) return false;
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/**
 * Groups first..last read as a date: d-m-yyyy, dd/mm/yy, yyyy-mm-dd, one separator ('-', '/',
 * '.') throughout. Dates are what contact centres talk about all day: no number recogniser
 * takes one for a BSN, a phone or anything else but a date.
 */
export function isDateShaped(text: string, run: DigitRun, first: number, last: number): boolean {
  if (last - first !== 2) return false;
  const a = groupLength(run, first);
  const b = groupLength(run, first + 1);
  const c = groupLength(run, last);
  const sep = separatorCodeAfter(text, run, first);
  if ((sep !== 45 && sep !== 47 && sep !== 46) || separatorCodeAfter(text, run, first + 1) !== sep) return false;
  return (a <= 2 && b <= 2 && (c === 4 || c === 2)) || (a === 4 && b <= 2 && c <= 2);
}
