import { groupLength, separatorCodeAfter, type DigitRun } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import type { Detection } from '../types.js';

/** "12 maart 1985", "12 March 1985", "March 12, 1985": bounded, literal, linear. */
export const WRITTEN_DATE =
  /\b(?:[0-3]?[0-9](?:st|nd|rd|th|e|ste)? (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\.? [12][0-9]{3}|(?:january|february|march|april|may|june|july|august|september|october|november|december) [0-3]?[0-9](?:st|nd|rd|th)?,? [12][0-9]{3})\b/g;

/**
 * A date is personal data only as a date of birth: masked when a cue ("geboren", "date of
 * birth", "DOB") stands close before it or the agent asked for it. Every other date (delivery,
 * appointment, invoice) survives.
 */
export function findDatesOfBirth(input: ScanInput, out: Detection[]): void {
  const expected = input.expected.has('date-of-birth');
  // Every date survives unless a birth cue or the agent's question says otherwise.
  if (!expected && !input.mentions(Cue.dateOfBirth)) return;
  for (const run of input.runs) {
    if (run.letterBefore || run.letterAfter || run.groupStart.length !== 3 || !isNumericDate(input.text, run)) continue;
    pushIfBirth(input, run.start, run.end, expected, out);
  }
  // The module's regex, reused: detect() is synchronous, so no other call can move lastIndex meanwhile.
  const scan = WRITTEN_DATE;
  scan.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = scan.exec(input.lower)) !== null) pushIfBirth(input, match.index, match.index + match[0].length, expected, out);
}

function pushIfBirth(input: ScanInput, start: number, end: number, expected: boolean, out: Detection[]): void {
  if (input.hasCue(start, end, Cue.dateOfBirth, 40, 0)) out.push(detection('date-of-birth', start, end, 0.9));
  else if (expected) out.push(detection('date-of-birth', start, end, 0.75));
}

/** d-m-yyyy, dd/mm/yyyy, dd.mm.yy or yyyy-mm-dd with one separator throughout and real ranges. */
function isNumericDate(text: string, run: DigitRun): boolean {
  const sep = separatorCodeAfter(text, run, 0);
  if ((sep !== 45 && sep !== 47 && sep !== 46) || separatorCodeAfter(text, run, 1) !== sep) return false;
  const value = (g: number): number => Number(text.slice(run.groupStart[g] ?? 0, run.groupEnd[g] ?? 0));
  const [a, b, c] = [groupLength(run, 0), groupLength(run, 1), groupLength(run, 2)];
  if (a === 4 && b <= 2 && c <= 2) return value(1) >= 1 && value(1) <= 12 && value(2) >= 1 && value(2) <= 31;
  if (a <= 2 && b <= 2 && (c === 4 || c === 2)) {
    // Day-month (Dutch) or month-day (US): either reading valid is enough.
    const dayMonth = value(0) >= 1 && value(0) <= 31 && value(1) >= 1 && value(1) <= 12;
    const monthDay = value(0) >= 1 && value(0) <= 12 && value(1) >= 1 && value(1) <= 31;
    return dayMonth || monthDay;
  }
  return false;
}
