import { groupLength, groupValue, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_AFTER, LETTER_BEFORE, type Scan } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';

/** "12 maart 1985", "12 March 1985", "March 12, 1985": bounded, literal, linear. */
export const WRITTEN_DATE =
  /\b(?:[0-3]?[0-9](?:st|nd|rd|th|e|ste)? (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\.? [12][0-9]{3}|(?:january|february|march|april|may|june|july|august|september|october|november|december) [0-3]?[0-9](?:st|nd|rd|th)?,? [12][0-9]{3})\b/g;

/**
 * A date is personal data only as a date of birth: masked when a cue ("geboren", "date of
 * birth", "DOB") stands close before it or the agent asked for it. Every other date (delivery,
 * appointment, invoice) survives.
 */
export function findDatesOfBirth(input: ScanInput, out: Findings): void {
  const expected = input.expects('date-of-birth');
  // Every date survives unless a birth cue or the agent's question says otherwise.
  if (!expected && !input.mentions(Cue.dateOfBirth)) return;
  const { runCount, runGroupCount, runFlags, runFirstGroup, runStart, runEnd } = input.scan;
  for (let r = 0; r < runCount; r++) {
    if (runGroupCount[r] !== 3 || ((runFlags[r] as number) & (LETTER_BEFORE | LETTER_AFTER)) !== 0 || !isNumericDate(input.scan, runFirstGroup[r] as number)) continue;
    pushIfBirth(input, runStart[r] as number, runEnd[r] as number, expected, out);
  }
  // The module's regex, reused: detect() is synchronous, so no other call can move lastIndex meanwhile.
  const scan = WRITTEN_DATE;
  scan.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = scan.exec(input.lower)) !== null) pushIfBirth(input, match.index, match.index + match[0].length, expected, out);
}

function pushIfBirth(input: ScanInput, start: number, end: number, expected: boolean, out: Findings): void {
  if (input.hasCue(start, end, Cue.dateOfBirth, 40, 0)) out.push(detection('date-of-birth', start, end, 0.9));
  else if (expected) out.push(detection('date-of-birth', start, end, 0.75));
}

/** Groups first..first + 2 as d-m-yyyy, dd/mm/yyyy, dd.mm.yy or yyyy-mm-dd with one separator throughout and real ranges. */
function isNumericDate(scan: Scan, first: number): boolean {
  const sep = separatorCodeAfter(scan, first);
  if ((sep !== 45 && sep !== 47 && sep !== 46) || separatorCodeAfter(scan, first + 1) !== sep) return false;
  const value = (g: number): number => groupValue(scan, first + g);
  const [a, b, c] = [groupLength(scan, first), groupLength(scan, first + 1), groupLength(scan, first + 2)];
  if (a === 4 && b <= 2 && c <= 2) return value(1) >= 1 && value(1) <= 12 && value(2) >= 1 && value(2) <= 31;
  if (a <= 2 && b <= 2 && (c === 4 || c === 2)) {
    // Day-month (Dutch) or month-day (US): either reading valid is enough.
    const dayMonth = value(0) >= 1 && value(0) <= 31 && value(1) >= 1 && value(1) <= 12;
    const monthDay = value(0) >= 1 && value(0) <= 12 && value(1) >= 1 && value(1) <= 31;
    return dayMonth || monthDay;
  }
  return false;
}
