import { isIPv6 } from 'node:net';
import { groupLength, groupValue, separatorCodeAfter } from '../digit-runs.js';
import { Cue } from '../lexicon.js';
import { LETTER_AFTER, LETTER_BEFORE } from '../scan.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAlnum, isDigit } from '../text.js';

/**
 * IPv4 from the digit runs (four dot-separated groups of 0–255, nothing dotted on either side:
 * "1.2.3.4.5" is a version or an outline number) and IPv6 from each ':' outwards, confirmed by
 * node:net. A version cue ("versie 1.2.3.4") lowers an IPv4 below the threshold.
 */
export function findIps(input: ScanInput, out: Findings): void {
  if (input.scan.maxGroups >= 4) findIpv4(input, out);
  // Every IPv6 address has at least two colons ("::1"): a text with one ("IBAN: …", "tel: …") holds none.
  if (input.scan.colons >= 2) findIpv6(input, out);
}

function findIpv4(input: ScanInput, out: Findings): void {
  const { scan } = input;
  for (let r = 0; r < scan.runCount; r++) {
    const groups = scan.runGroupCount[r] as number;
    if (groups < 4 || ((scan.runFlags[r] as number) & (LETTER_BEFORE | LETTER_AFTER)) !== 0) continue;
    const firstGroup = scan.runFirstGroup[r] as number;
    const endGroup = firstGroup + groups;
    for (let first = firstGroup; first + 3 < endGroup; first++) {
      let ok = true;
      for (let g = first; g < first + 4 && ok; g++) {
        ok = groupLength(scan, g) <= 3 && groupValue(scan, g) <= 255 && (g === first + 3 || separatorCodeAfter(scan, g) === 46);
      }
      if (!ok) continue;
      if (first > firstGroup && separatorCodeAfter(scan, first - 1) === 46) continue;
      if (first + 4 < endGroup && separatorCodeAfter(scan, first + 3) === 46) continue;
      const start = scan.groupStart[first] as number;
      const end = scan.groupEnd[first + 3] as number;
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

function findIpv6(input: ScanInput, out: Findings): void {
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
