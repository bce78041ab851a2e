import type { DigitRun } from './digit-runs.js';
import { Cue, HASH_SEED, hashStep, lowerCode, phrasesFor, type Phrase } from './lexicon.js';
import { isAlnum, isAsciiLetter, isDigit, isUpperAscii, isWordLetter } from './text.js';

/** A lexicon phrase found in the text: [start, end) and what it means. */
export interface WordHit {
  readonly start: number;
  readonly end: number;
  readonly cues: number;
  readonly phrase: Phrase | undefined;
}

/** Everything the recognisers start from, found in one walk over the text. */
export interface Scanned {
  readonly runs: DigitRun[];
  /** In text order; several hits may share a start ("card" and "card number"). */
  readonly hits: WordHit[];
  /** Union of every hit's cues: lets a recogniser that needs a cue skip the text at once. */
  readonly cues: number;
  readonly atSigns: number;
  readonly colons: number;
  /** Two letters then two digits, at a word start: where an IBAN may begin. */
  readonly ibanStarts: number[];
  /** Six upper-case letters at a word start: where a BIC may begin. */
  readonly bicStarts: number[];
}

/** Characters that may sit between the digit groups of one run, at most two of them in a row. */
function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 46 || code === 47 || code === 40 || code === 41 || code === 0xa0 || code === 0x2011;
}

const MAX_SEPARATOR = 2;

/** Character classes for the scan's one switch, a table lookup per character. */
const OTHER = 0;
const DIGIT = 1;
const LETTER = 2;
const AT = 3;
const COLON = 4;
/** The reference signs, recorded as hits of their own: "€ 1.234", "#123456". */
const REFERENCE_SIGN = 5;

const CLASS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (isDigit(code)) table[code] = DIGIT;
    else if (isWordLetter(code)) table[code] = LETTER;
  }
  table[64] = AT;
  table[58] = COLON;
  for (const sign of [0x20ac, 36, 0xa3, 35]) table[sign] = REFERENCE_SIGN;
  return table;
})();

/**
 * One linear pass: every character is looked at a bounded number of times. Digits become runs of
 * digit groups (cards, BSNs, phones, IPs, dates and postcodes are all read from runs); each word
 * is hashed as it is passed and looked up once in the lexicon; '@' and ':' are counted so the
 * e-mail and IPv6 recognisers skip texts without them.
 */
export function scanText(text: string): Scanned {
  const runs: DigitRun[] = [];
  const hits: WordHit[] = [];
  const ibanStarts: number[] = [];
  const bicStarts: number[] = [];
  let cues = 0;
  let atSigns = 0;
  let colons = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const kind = CLASS[code];
    if (kind === OTHER) {
      i++;
    } else if (kind === LETTER) {
      const start = i;
      let hash = hashStep(HASH_SEED, code);
      // Every index stays inside the text: a typed-array read at NaN would slow the whole loop.
      let next = 0;
      while (++i < length) {
        next = text.charCodeAt(i);
        if (CLASS[next] !== LETTER) break;
        hash = hashStep(hash, next);
      }
      if (i === length) next = 0;
      // Like \b: a word glued to a digit ("4card", "06abc") starts nothing.
      if (start > 0 && CLASS[text.charCodeAt(start - 1)] === DIGIT) continue;
      const phrases = phrasesFor(hash);
      if (phrases !== undefined) cues |= addHits(text, start, phrases, hits);
      const size = i - start;
      if (size === 2) {
        if (CLASS[next] === DIGIT && isDigit(text.charCodeAt(i + 1)) && isAsciiLetter(code) && isAsciiLetter(text.charCodeAt(start + 1))) ibanStarts.push(start);
      } else if (size >= 6 && isUpperAscii(code) && isUpperAscii(text.charCodeAt(start + 1)) && allUpper(text, start, start + 6)) {
        bicStarts.push(start);
      }
    } else if (kind === DIGIT) {
      i = scanDigitRun(text, i, runs);
    } else {
      if (kind === AT) atSigns++;
      else if (kind === COLON) colons++;
      else if (!(code === 35 && followsWord(text, i, hits))) {
        hits.push({ start: i, end: i + 1, cues: Cue.reference, phrase: undefined });
        cues |= Cue.reference;
      }
      i++;
    }
  }
  return { runs, hits, cues, atSigns, colons, ibanStarts, bicStarts };
}

/** "card #", "order #": a '#' right after a lexicon word only says "number", it is no reference of its own. */
function followsWord(text: string, at: number, hits: readonly WordHit[]): boolean {
  const last = hits[hits.length - 1];
  if (last === undefined) return false;
  for (let k = last.end; k < at; k++) if (text.charCodeAt(k) !== 32) return false;
  return at - last.end <= 1;
}

function allUpper(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isUpperAscii(text.charCodeAt(i))) return false;
  return true;
}

/** Every phrase of the list that matches at `start`, compared case-insensitively in place. */
function addHits(text: string, start: number, phrases: readonly Phrase[], hits: WordHit[]): number {
  let cues = 0;
  for (const phrase of phrases) {
    const p = phrase.text;
    const end = start + p.length;
    if (end > text.length) continue;
    let same = true;
    for (let k = 0; k < p.length && same; k++) same = lowerCode(text.charCodeAt(start + k)) === p.charCodeAt(k);
    if (!same || (end < text.length && isAlnum(text.charCodeAt(end)))) continue;
    hits.push({ start, end, cues: phrase.cues, phrase });
    cues |= phrase.cues;
  }
  return cues;
}

function scanDigitRun(text: string, from: number, runs: DigitRun[]): number {
  const length = text.length;
  const groupStart: number[] = [];
  const groupEnd: number[] = [];
  let i = from;
  let digitCount = 0;
  for (;;) {
    groupStart.push(i);
    const groupFrom = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    digitCount += i - groupFrom;
    groupEnd.push(i);
    // Look past up to MAX_SEPARATOR separators for the next group; otherwise the run ends.
    let j = i;
    while (j < length && j - i < MAX_SEPARATOR && isSeparator(text.charCodeAt(j))) j++;
    if (j > i && j < length && isDigit(text.charCodeAt(j))) {
      i = j;
      continue;
    }
    break;
  }
  runs.push({
    groupStart,
    groupEnd,
    start: from,
    end: i,
    digitCount,
    letterBefore: from > 0 && isWordLetter(text.charCodeAt(from - 1)),
    letterAfter: i < length && isWordLetter(text.charCodeAt(i)),
  });
  return i;
}

/**
 * Whether a hit with one of `cues` lies wholly within the `before` characters before
 * [start, end) or the `after` characters after it. Hits are few per text; a linear look is enough.
 */
export function hasCue(hits: readonly WordHit[], start: number, end: number, cues: number, before: number, after: number): boolean {
  const from = start - before;
  const to = end + after;
  for (const hit of hits) {
    if ((hit.cues & cues) === 0) continue;
    if (hit.start >= from && hit.end <= start) return true;
    if (hit.start >= end && hit.end <= to) return true;
  }
  return false;
}

/**
 * Distance from the end of the nearest hit with one of `cues` to `start`, looking back at most
 * `before` characters; Infinity when there is none. Context is read nearest first: "mijn BSN is
 * 123456782, ticket 87654321" makes the second number a ticket, not a BSN.
 */
export function cueDistanceBefore(hits: readonly WordHit[], start: number, cues: number, before: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const hit of hits) {
    if (hit.start >= start) break;
    if ((hit.cues & cues) !== 0 && hit.end <= start && hit.start >= start - before) best = Math.min(best, start - hit.end);
  }
  return best;
}
