import type { DigitRun } from './digit-runs.js';
import { Cue, ENTRY_CHARS, ENTRY_CUES, ENTRY_FIRST_WORD, ENTRY_LENGTH, ENTRY_OFFSET, ENTRY_PHRASE, HASH_SEED, lowerCode, SLOT_COUNT, SLOT_FIRST, slotFor, type Phrase } from './lexicon.js';
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
  readonly runs: readonly DigitRun[];
  /** In text order; several hits may share a start ("card" and "card number"). */
  readonly hits: readonly WordHit[];
  /**
   * The hits that are first-person or family words and nothing else ("ik", "my", "mijn",
   * "vader"), as start, end pairs in text order: only a health term reads them (is it about
   * someone?), so the number recognisers' cue lookups do not walk past them.
   */
  readonly personal: readonly number[];
  /** Union of every hit's cues: lets a recogniser that needs a cue skip the text at once. */
  readonly cues: number;
  readonly atSigns: number;
  readonly colons: number;
  /** Two letters then two digits, at a word start: where an IBAN may begin. */
  readonly ibanStarts: readonly number[];
  /** Six upper-case letters at a word start: where a BIC may begin. */
  readonly bicStarts: readonly number[];
  /** The most digit groups in one run: an IPv4 address needs four. */
  readonly maxGroups: number;
}

/** What a scan that found nothing of a kind returns for it: one shared empty list (read-only by its type). */
const NO_RUNS: readonly DigitRun[] = [];
const NO_HITS: readonly WordHit[] = [];
const NO_STARTS: readonly number[] = [];
const NO_PAIRS: readonly number[] = [];

/** Characters that may sit between the digit groups of one run, at most two of them in a row. */
function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 46 || code === 47 || code === 40 || code === 41 || code === 0xa0 || code === 0x2011;
}

/**
 * One table for the scan, one lookup per character: 0 for anything of no interest, DIGIT, AT,
 * COLON, REFERENCE_SIGN ("€ 1.234", "#123456": recorded as hits of their own), and for a word
 * letter its lower case (always ≥ LETTER), which is what the word hash takes in.
 */
const DIGIT = 1;
const AT = 2;
const COLON = 3;
const REFERENCE_SIGN = 4;
const LETTER = 16;

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (isDigit(code)) table[code] = DIGIT;
    else if (isWordLetter(code)) table[code] = lowerCode(code);
  }
  table[64] = AT;
  table[58] = COLON;
  for (const sign of [0x20ac, 36, 0xa3, 35]) table[sign] = REFERENCE_SIGN;
  return table;
})();

/** The class of a UTF-16 unit; `code` is always one (0..0xffff), so the read is never out of range. */
function classOf(code: number): number {
  return TABLE[code] as number;
}

const FNV_PRIME = 16777619;

/**
 * One linear pass: every character is looked at a bounded number of times. Digits become runs of
 * digit groups (cards, BSNs, phones, IPs, dates and postcodes are all read from runs); each word
 * is hashed as it is passed (integer arithmetic on the char codes, no substring) and looked up
 * once in the lexicon; '@' and ':' are counted so the e-mail and IPv6 recognisers skip texts
 * without them. Only what is found is allocated: a text of words that are in no list costs
 * the walk and nothing else.
 */
export function scanText(text: string): Scanned {
  let runs: DigitRun[] | undefined;
  let hits: WordHit[] | undefined;
  let personal: number[] | undefined;
  // Where the last lexicon hit ended: "card #" reads the '#' as part of it.
  let hitEnd = -1;
  let ibanStarts: number[] | undefined;
  let bicStarts: number[] | undefined;
  let cues = 0;
  let atSigns = 0;
  let colons = 0;
  let maxGroups = 0;
  const length = text.length;
  // Where the last digit run ended: a word starting there is glued to it.
  let digitsEnd = -1;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const kind = classOf(code);
    if (kind === 0) {
      i++;
    } else if (kind >= LETTER) {
      const start = i;
      let hash = Math.imul(HASH_SEED ^ kind, FNV_PRIME);
      let nextKind = 0;
      while (++i < length) {
        nextKind = classOf(text.charCodeAt(i));
        if (nextKind < LETTER) break;
        hash = Math.imul(hash ^ nextKind, FNV_PRIME);
      }
      if (i === length) nextKind = 0;
      // Like \b: a word glued to a digit ("4card", "06abc") starts nothing.
      if (start === digitsEnd) continue;
      const slot = slotFor(hash);
      if (slot !== -1) {
        hits ??= [];
        personal ??= [];
        const added = addHits(text, start, i - start, slot, hits, personal);
        if (added !== 0) {
          cues |= added;
          hitEnd = lastHitEnd;
        }
      }
      const size = i - start;
      if (size === 2) {
        if (nextKind === DIGIT && i + 1 < length && classOf(text.charCodeAt(i + 1)) === DIGIT && isAsciiLetter(code) && isAsciiLetter(text.charCodeAt(start + 1))) {
          ibanStarts ??= [];
          ibanStarts.push(start);
        }
      } else if (size >= 6 && isUpperAscii(code) && isUpperAscii(text.charCodeAt(start + 1)) && allUpper(text, start, start + 6)) {
        bicStarts ??= [];
        bicStarts.push(start);
      }
    } else if (kind === DIGIT) {
      runs ??= [];
      i = scanDigitRun(text, i, runs);
      digitsEnd = i;
      const groups = (runs[runs.length - 1] as DigitRun).groupStart.length;
      if (groups > maxGroups) maxGroups = groups;
    } else {
      if (kind === AT) atSigns++;
      else if (kind === COLON) colons++;
      else if (!(code === 35 && hitEnd !== -1 && followsWord(text, i, hitEnd))) {
        hits ??= [];
        hits.push({ start: i, end: i + 1, cues: Cue.reference, phrase: undefined });
        cues |= Cue.reference;
        hitEnd = i + 1;
      }
      i++;
    }
  }
  return { runs: runs ?? NO_RUNS, hits: hits === undefined || hits.length === 0 ? NO_HITS : hits, personal: personal === undefined || personal.length === 0 ? NO_PAIRS : personal, cues, atSigns, colons, ibanStarts: ibanStarts ?? NO_STARTS, bicStarts: bicStarts ?? NO_STARTS, maxGroups };
}

/** "card #", "order #": a '#' right after a lexicon word only says "number", it is no reference of its own. */
function followsWord(text: string, at: number, lastEnd: number): boolean {
  for (let k = lastEnd; k < at; k++) if (text.charCodeAt(k) !== 32) return false;
  return at - lastEnd <= 1;
}

/** The end of the last hit addHits recorded (scratch for scanText, which reads it at once). */
let lastHitEnd = -1;

function allUpper(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isUpperAscii(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Every phrase of the slot's entries that matches at `start`, compared case-insensitively in
 * place against the flat entry table (lexicon.ts). The first word (`wordLength` units) already
 * hashed alike, so an entry whose first word has another length is passed over at once.
 */
function addHits(text: string, start: number, wordLength: number, slot: number, hits: WordHit[], personal: number[]): number {
  let cues = 0;
  const first = SLOT_FIRST[slot] as number;
  const last = first + (SLOT_COUNT[slot] as number);
  for (let e = first; e < last; e++) {
    if (ENTRY_FIRST_WORD[e] !== wordLength) continue;
    const length = ENTRY_LENGTH[e] as number;
    const offset = ENTRY_OFFSET[e] as number;
    const end = start + length;
    if (end > text.length) continue;
    // The first word through the scan's table (its letters' lower case), the rest, if any, as it is written.
    let k = 0;
    while (k < wordLength && classOf(text.charCodeAt(start + k)) === ENTRY_CHARS[offset + k]) k++;
    if (k < wordLength) continue;
    while (k < length && lowerCode(text.charCodeAt(start + k)) === ENTRY_CHARS[offset + k]) k++;
    if (k < length || (end < text.length && isAlnum(text.charCodeAt(end)))) continue;
    const entryCues = ENTRY_CUES[e] as number;
    if (entryCues === Cue.personal) personal.push(start, end);
    else hits.push({ start, end, cues: entryCues, phrase: ENTRY_PHRASE[e] });
    cues |= entryCues;
    lastHitEnd = end;
  }
  return cues;
}

function scanDigitRun(text: string, from: number, runs: DigitRun[]): number {
  const length = text.length;
  let i = from + 1;
  while (i < length && isDigitCode(text.charCodeAt(i))) i++;
  // The usual run is one group: its arrays are made as literals, at their final size.
  if (!continues(text, i, length)) {
    runs.push({
      groupStart: [from],
      groupEnd: [i],
      start: from,
      end: i,
      digitCount: i - from,
      letterBefore: from > 0 && classOf(text.charCodeAt(from - 1)) >= LETTER,
      letterAfter: i < length && classOf(text.charCodeAt(i)) >= LETTER,
    });
    return i;
  }
  const groupStart: number[] = [from];
  const groupEnd: number[] = [i];
  let digitCount = i - from;
  for (;;) {
    // Past the one or two separators: the next group (continues() has said there is one).
    let j = i + 1;
    while (!isDigitCode(text.charCodeAt(j))) j++;
    i = j;
    groupStart.push(i);
    while (i < length && isDigitCode(text.charCodeAt(i))) i++;
    digitCount += i - j;
    groupEnd.push(i);
    if (!continues(text, i, length)) break;
  }
  runs.push({
    groupStart,
    groupEnd,
    start: from,
    end: i,
    digitCount,
    letterBefore: from > 0 && classOf(text.charCodeAt(from - 1)) >= LETTER,
    letterAfter: i < length && classOf(text.charCodeAt(i)) >= LETTER,
  });
  return i;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Whether one or two separators at `i` are followed by a digit: the run goes on. */
function continues(text: string, i: number, length: number): boolean {
  if (i >= length || !isSeparator(text.charCodeAt(i))) return false;
  const next = text.charCodeAt(i + 1);
  if (isDigitCode(next)) return true;
  return isSeparator(next) && isDigitCode(text.charCodeAt(i + 2));
}

/**
 * Whether a hit with one of `cues` lies wholly within the `before` characters before
 * [start, end) or the `after` characters after it. Hits are few per text; a linear look is enough.
 */
export function hasCue(hits: readonly WordHit[], start: number, end: number, cues: number, before: number, after: number): boolean {
  const from = start - before;
  const to = end + after;
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h] as WordHit;
    // Hits are in text order: past `to`, none can qualify.
    if (hit.start >= to) break;
    if ((hit.cues & cues) === 0) continue;
    if (hit.start >= from && hit.end <= start) return true;
    if (hit.start >= end && hit.end <= to) return true;
  }
  return false;
}

/** Whether a (start, end) pair of `pairs` lies wholly within the `before` characters before `start`. */
export function hasPairBefore(pairs: readonly number[], start: number, before: number): boolean {
  const from = start - before;
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const pairStart = pairs[k] as number;
    if (pairStart >= start) break;
    if (pairStart >= from && (pairs[k + 1] as number) <= start) return true;
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
