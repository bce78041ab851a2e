import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isAsciiLetter, isDigit } from '../text.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

function isLocalChar(code: number): boolean {
  // RFC 5322 atext that people actually use, plus the dot; no quotes, no comments.
  return isAsciiLetter(code) || isDigit(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45 || code === 39 || code === 38 || code === 61;
}

function isDomainChar(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 46 || code === 45;
}

/**
 * E-mail addresses, found from each '@' outwards (indexOf is native and fast). The expansion
 * stops at '@' on both sides and at MAX_LOCAL/MAX_DOMAIN characters, so each character is
 * looked at a bounded number of times whatever the input.
 */
export function findEmails(input: ScanInput, out: Findings): void {
  const { text } = input;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    while (start < at && text.charCodeAt(start) === 46) start++;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    // A sentence's full stop or a dash after the address is not part of it.
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    if (start < at && hasTopLevelDomain(text, at + 1, end)) out.push(detection('email', start, end, 0.97));
    at = text.indexOf('@', Math.max(at + 1, end));
  }
}

/** At least one dot, no empty labels, and a final label of two or more letters. */
function hasTopLevelDomain(text: string, from: number, to: number): boolean {
  // A bounded backwards walk, not lastIndexOf: that would search the whole text before the
  // address for a dot, making a text of "a@a@a@…" quadratic.
  let lastDot = to - 1;
  while (lastDot > from && text.charCodeAt(lastDot) !== 46) lastDot--;
  if (lastDot <= from || to - lastDot - 1 < 2) return false;
  for (let i = lastDot + 1; i < to; i++) if (!isAsciiLetter(text.charCodeAt(i))) return false;
  for (let i = from; i < to - 1; i++) if (text.charCodeAt(i) === 46 && text.charCodeAt(i + 1) === 46) return false;
  return text.charCodeAt(from) !== 46;
}
