/**
 * How text becomes search terms: lower-case NFC words of letters and digits, 2 to 40 characters,
 * without the commonest Dutch and English words (they would match nearly every conversation and
 * make the index large for nothing). Masked placeholders ("[CARD ****4242]") give "card" and
 * "4242", so an agent can find the conversation where a card ending in 4242 came up.
 */

const WORD = /[\p{L}\p{N}]+/gu;
const MIN_CHARS = 2;
const MAX_CHARS = 40;
/** Enough for any real message's vocabulary; a pasted log cannot blow up one message's index rows. */
export const MAX_TERMS_PER_TEXT = 400;
export const MAX_QUERY_TERMS = 8;

const STOP_WORDS = new Set(
  (
    'de het een en van ik te dat die in is je niet zijn op aan met als voor er maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot ' +
    'u uw we wij kan nog naar al wel geen hoe the a an and of to in is it that for on with as was be are this at by or from you your i my me we ' +
    'not have has had but if so do can will our they their'
  ).split(' '),
);

/** The distinct terms of a text, in first-seen order. */
export function termsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const match of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (word.length < MIN_CHARS || word.length > MAX_CHARS || STOP_WORDS.has(word)) continue;
    terms.add(word);
    if (terms.size >= MAX_TERMS_PER_TEXT) break;
  }
  return [...terms];
}
