import { isIPv6 } from 'node:net';
import { groupLength, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAlnum, isDigit } from '../text.js';
import type { Detection } from '../types.js';

/**
 * IPv4 from the digit runs (four dot-separated groups of 0–255, nothing dotted on either side:
 * "1.2.3.4.5" is a version or an outline number) and IPv6 from each ':' outwards, confirmed by
 * node:net. A version cue ("versie 1.2.3.4") lowers an IPv4 below the threshold.
 */
export function findIps(input: ScanInput, out: Detection[]): void {
  if (input.scanned.maxGroups >= 4) findIpv4(input, out);
  if (input.scanned.colons > 0) findIpv6(input, out);
}

function findIpv4(input: ScanInput, out: Detection[]): void {
  const { text } = input;
  for (const run of input.runs) {
    if (run.letterBefore || run.letterAfter || run.groupStart.length < 4) continue;
    const groups = run.groupStart.length;
    for (let first = 0; first + 3 < groups; first++) {
      let ok = true;
      for (let g = first; g < first + 4 && ok; g++) {
        ok = groupLength(run, g) <= 3 && Number(text.slice(run.groupStart[g] ?? 0, run.groupEnd[g] ?? 0)) <= 255 && (g === first + 3 || separatorCodeAfter(text, run, g) === 46);
      }
      if (!ok) continue;
      if (first > 0 && separatorCodeAfter(text, run, first - 1) === 46) continue;
      if (first + 4 < groups && separatorCodeAfter(text, run, first + 3) === 46) continue;
      const start = run.groupStart[first] ?? 0;
      const end = run.groupEnd[first + 3] ?? 0;
      const score = input.hasCue(start, end, Cue.version, 16, 0) && !input.hasCue(start, end, Cue.ipAddress, 24, 0) ? 0.3 : 0.9;
      out.push(detection('ip', start, end, score));
      first += 3;
    }
  }
}

function isHexOrColon(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70) || code === 58 || code === 46;
}

const MAX_IPV6 = 45;

function findIpv6(input: ScanInput, out: Detection[]): void {
  const { text } = input;
  let colon = text.indexOf(':');
  while (colon !== -1) {
    let start = colon;
    while (start > 0 && colon - start < MAX_IPV6 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && end - start < MAX_IPV6 && isHexOrColon(text.charCodeAt(end))) end++;
    while (end > colon + 1 && text.charCodeAt(end - 1) === 46) end--;
    const boundary = (start === 0 || !isAlnum(text.charCodeAt(start - 1))) && (end >= text.length || !isAlnum(text.charCodeAt(end)));
    if (boundary && countColons(text, start, end) >= 2 && isIPv6(text.slice(start, end))) {
      out.push(detection('ip', start, end, 0.9));
      colon = text.indexOf(':', end);
      continue;
    }
    colon = text.indexOf(':', colon + 1);
  }
}

function countColons(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 58) count++;
  return count;
}
