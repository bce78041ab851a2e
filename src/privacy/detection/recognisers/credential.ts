import { Cue, ENTRY_PHRASE } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';
import { isLoweredWordUnit, isSpaceCode, loweredUnit } from '../text.js';

/** Between cue and secret: "is", ":", "=", "was", "luidt", optionally "mijn"/"the". */
export const CREDENTIAL_LINK = /^(?: is| was| luidt| nu| now| it's| is nu| is now)?(?: ?[:=])? ?(?:is |was )?/;

/** Words that follow a cue without being the secret: "my password is wrong". */
const NOT_A_SECRET = new Set([
  'vergeten', 'kwijt', 'verlopen', 'fout', 'onjuist', 'verkeerd', 'niet', 'gewijzigd', 'veranderd', 'aangepast', 'geblokkeerd', 'resetten', 'gereset', 'werkt',
  'forgotten', 'forgot', 'lost', 'expired', 'wrong', 'incorrect', 'invalid', 'not', 'changed', 'reset', 'blocked', 'locked', 'working', 'correct', 'the', 'a',
  'een', 'de', 'het', 'mijn', 'my', 'your', 'uw', 'je', 'jouw', 'for', 'voor', 'to', 'om', 'and', 'en', 'still', 'nog', 'also', 'ook', 'sent', 'gestuurd', 'ontvangen',
  'received', 'via', 'by', 'per', 'in', 'op', 'on', 'of', 'van', 'te', 'too', 'te', 'never', 'nooit', 'again', 'opnieuw', 'needed', 'nodig', 'required', 'verplicht',
]);

const MAX_SECRET = 64;

/**
 * "tracking code", "kortings code", "discount code", "QR code": codes that open nothing. The
 * rule, over the lower-cased 14 characters before the cue; followsCodeWord reads it in place.
 */
export const NOT_A_SECRET_CODE = /\b(?:tracking|track|trace|order|bestel|discount|promo|voucher|kortings|korting|actie|coupon|qr|bar|zip|post|product|artikel|reference|referentie|error|fout|fout-|status|tariff|tarief|kleur|colour|color)[ -]?$/;

/** How far before "code" NOT_A_SECRET_CODE looks. */
const CODE_WORD_WINDOW = 14;

/**
 * NOT_A_SECRET_CODE's words, read from the regex itself so the two cannot drift apart, by their
 * last character (an ASCII code): a word is compared only when the text ends as it does.
 */
const CODE_WORDS_BY_LAST: readonly (readonly string[] | undefined)[] = (() => {
  const words = /^\\b\(\?:([a-z|-]+)\)\[ -\]\?\$$/.exec(NOT_A_SECRET_CODE.source)?.[1];
  if (words === undefined) throw new Error('NOT_A_SECRET_CODE is no longer \\b(?:words)[ -]?$: update followsCodeWord');
  const byLast = new Array<string[] | undefined>(128).fill(undefined);
  for (const word of words.split('|')) {
    const last = word.charCodeAt(word.length - 1);
    const list = byLast[last] ?? [];
    list.push(word);
    byLast[last] = list;
  }
  return byLast;
})();

/**
 * NOT_A_SECRET_CODE.test(text.slice(from, to).toLowerCase()) without the slice, the lower
 * case or the regex: one of its words, then at most one space or dash, ends at `to`, with a
 * word boundary (or the window's start) before it. The 14-character window is the regex's
 * string, so its start counts as a boundary. "tracking code …" is most of what a credential
 * cue turns up in chat, and this runs on every one of them.
 */
function followsCodeWord(text: string, from: number, to: number): boolean {
  for (let separator = 0; separator <= 1; separator++) {
    const end = to - separator;
    if (separator === 1 && (end < from || (text.charCodeAt(end) !== 32 && text.charCodeAt(end) !== 45))) break;
    if (end <= from) continue;
    const last = loweredUnit(text.charCodeAt(end - 1));
    const candidates = last < 128 ? CODE_WORDS_BY_LAST[last] : undefined;
    if (candidates === undefined) continue;
    for (const word of candidates) {
      const start = end - word.length;
      if (start < from || !endsWithWord(text, start, word)) continue;
      if (start === from || !isLoweredWordUnit(loweredUnit(text.charCodeAt(start - 1)))) return true;
    }
  }
  return false;
}

/** Whether text[start, start + word.length) lowers to `word`. */
function endsWithWord(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (loweredUnit(text.charCodeAt(start + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The secret token after a credential cue. For the bare word "code" (discount code, postcode
 * talk) the token must contain a digit and be 4–10 characters; for PINs, 4–6 digits; a
 * password may be anything but a word from NOT_A_SECRET.
 */
export function findCredentials(input: ScanInput, out: Findings): void {
  if (!input.mentions(Cue.credential)) return;
  const { text } = input;
  const { hitStart, hitEnd, hitCues, hitEntry, hitCount } = input.scan;
  let after = 0;
  for (let h = 0; h < hitCount; h++) {
    const cuePhrase = ENTRY_PHRASE[hitEntry[h] as number];
    const hitAt = hitStart[h] as number;
    // Hits at one start come longest first: "pin code" is tried before "pin".
    if (cuePhrase === undefined || ((hitCues[h] as number) & Cue.credential) === 0 || hitAt < after) continue;
    after = hitAt + 1;
    const cue = cuePhrase.text;
    // "tracking code", "order code": decided by the words before the cue, before anything after it is read.
    if (cue === 'code' && followsCodeWord(text, Math.max(0, hitAt - CODE_WORD_WINDOW), hitAt)) continue;
    const afterCue = hitEnd[h] as number;
    const link = CREDENTIAL_LINK.exec(text.slice(afterCue, afterCue + 16).toLowerCase());
    const start = afterCue + (link?.[0].length ?? 0);
    let end = start;
    while (end < text.length && end - start < MAX_SECRET && !isSpaceCode(text.charCodeAt(end)) && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    // Sentence punctuation after the secret belongs to the sentence.
    while (end > start && ',.;!?)"\''.includes(text.charAt(end - 1))) end--;
    if (end === start) continue;
    const token = text.slice(start, end).toLowerCase();
    if (NOT_A_SECRET.has(token)) continue;
    const score = scoreSecret(cue, token, input.expects('credential'));
    if (score > 0) out.push(detection('credential', start, end, score));
    after = Math.max(after, end);
  }
}

function scoreSecret(cue: string, token: string, expected: boolean): number {
  const digits = /^[0-9]+$/.test(token);
  if (cue.startsWith('pin')) return digits && token.length >= 4 && token.length <= 6 ? 0.95 : 0;
  if (cue === 'code' || cue === 'tan' || cue === 'otp' || cue.includes('code')) {
    if (!/[0-9]/.test(token) || token.length < 4 || token.length > 10) return 0;
    return cue === 'code' && !expected ? 0.8 : 0.95;
  }
  // Passwords: anything of at least 4 characters.
  return token.length >= 4 ? 0.9 : 0;
}
