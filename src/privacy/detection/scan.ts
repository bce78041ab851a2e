import { Cue, ENTRY_CHARS, ENTRY_CUES, ENTRY_FIRST_WORD, ENTRY_LENGTH, ENTRY_OFFSET, HASH_SEED, hashStep, lowerCode, SLOT_COUNT, SLOT_FIRST, SLOT_SIMPLE, slotFor } from './lexicon.js';
import { isAlnum, isAsciiLetter, isDigit, isUpperAscii, isWordLetter } from './text.js';

/** Bits of Scan.runFlags: a letter touches the run ("ABNA0417", "1234AB", "3560x4587"). */
export const LETTER_BEFORE = 1;
export const LETTER_AFTER = 2;

/** Scan.groupSeparator for a group with no next group in its run, or more than one character before it. */
export const NO_SEPARATOR = -1;

/** Scan.runShapes: some run is one group of at most five digits (a house number). */
export const RUN_SHAPE_SHORT_NUMBER = 1;
/** Scan.runShapes: some run's last group has four digits (a postcode's). */
export const RUN_SHAPE_ENDS_IN_FOUR = 2;

/** Scan.runDigitCounts bits for runs of at least `n` digits (n ≤ 31). */
export function runsOfAtLeast(n: number): number {
  return ~((1 << n) - 1);
}

/** Scan.hitEntry of a currency sign or a lone '#': a reference hit with no lexicon phrase. */
export const NO_ENTRY = -1;

const PERSONAL = Cue.personal;

const INITIAL_CAPACITY = 64;
/** A scan of a long text leaves large buffers behind; past this many entries the next scan starts small again. */
const RETAINED_CAPACITY = 1 << 16;

/**
 * Everything the recognisers start from, found in one walk over the text, in typed arrays that
 * the next scan reuses: a message's runs, groups and hits cost no object each, and the arrays,
 * read by index, stay small and together in memory. Run r has the groups runFirstGroup[r] ..
 * runFirstGroup[r] + runGroupCount[r] - 1 (indices into the group arrays); hits are in text
 * order, several possibly sharing a start ("card number" and "card", longest first).
 *
 * The contents are valid until the next scanText() into the same Scan; detect() runs
 * synchronously from its scan to its result, so it can reuse one.
 */
export class Scan {
  text = '';
  runCount = 0;
  runStart = new Int32Array(INITIAL_CAPACITY);
  runEnd = new Int32Array(INITIAL_CAPACITY);
  runFirstGroup = new Int32Array(INITIAL_CAPACITY);
  runGroupCount = new Int32Array(INITIAL_CAPACITY);
  /** Digits in all the run's groups: lets each recogniser skip runs of the wrong size without slicing. */
  runDigitCount = new Int32Array(INITIAL_CAPACITY);
  /** LETTER_BEFORE | LETTER_AFTER. */
  runFlags = new Uint8Array(INITIAL_CAPACITY);
  groupCount = 0;
  /** Offsets of group g are groupStart[g] .. groupEnd[g]. */
  groupStart = new Int32Array(INITIAL_CAPACITY);
  groupEnd = new Int32Array(INITIAL_CAPACITY);
  /** The one character between group g and the next group of its run, as a char code; NO_SEPARATOR when it is two characters or the run ends. */
  groupSeparator = new Int32Array(INITIAL_CAPACITY);
  hitCount = 0;
  hitStart = new Int32Array(INITIAL_CAPACITY);
  hitEnd = new Int32Array(INITIAL_CAPACITY);
  hitCues = new Int32Array(INITIAL_CAPACITY);
  /** The lexicon entry (ENTRY_PHRASE[e]), or NO_ENTRY for a reference sign. */
  hitEntry = new Int32Array(INITIAL_CAPACITY);
  /**
   * The hits that are first-person or family words and nothing else ("ik", "my", "mijn",
   * "vader"), in text order: only a health term reads them (is it about someone?), so the
   * number recognisers' cue lookups do not walk past them.
   */
  personalCount = 0;
  personalStart = new Int32Array(INITIAL_CAPACITY);
  personalEnd = new Int32Array(INITIAL_CAPACITY);
  /** Two letters then two digits, at a word start: where an IBAN may begin. */
  ibanStartCount = 0;
  ibanStarts = new Int32Array(INITIAL_CAPACITY);
  /** Six upper-case letters at a word start: where a BIC may begin. */
  bicStartCount = 0;
  bicStarts = new Int32Array(INITIAL_CAPACITY);
  /** Union of every hit's cues (personal words included): lets a recogniser that needs a cue skip the text at once. */
  cues = 0;
  atSigns = 0;
  colons = 0;
  /** The most digit groups in one run: an IPv4 address needs four. */
  maxGroups = 0;
  /**
   * Bit n set when some run has n digits (n ≥ 31 on bit 31): a recogniser whose candidates need
   * a size no run has (cards 12 or more, BSNs 8 or 9, phones 7 or more) skips its walk over
   * the runs; most messages have none of the size.
   */
  runDigitCounts = 0;
  /** RUN_SHAPE_* bits, for the recognisers that need a run of that shape. */
  runShapes = 0;

  /** Back to empty, and to small buffers after a long text. */
  reset(text: string): void {
    this.text = text;
    this.runCount = 0;
    this.groupCount = 0;
    this.hitCount = 0;
    this.personalCount = 0;
    this.ibanStartCount = 0;
    this.bicStartCount = 0;
    this.cues = 0;
    this.atSigns = 0;
    this.colons = 0;
    this.maxGroups = 0;
    this.runDigitCounts = 0;
    this.runShapes = 0;
    if (this.groupStart.length > RETAINED_CAPACITY || this.hitStart.length > RETAINED_CAPACITY || this.personalStart.length > RETAINED_CAPACITY) this.shrink();
  }

  private shrink(): void {
    const fresh = new Scan();
    Object.assign(this, fresh, { text: this.text });
  }

  addRun(start: number, end: number, firstGroup: number, digitCount: number, flags: number): void {
    const r = this.runCount;
    if (r === this.runStart.length) this.growRuns();
    const groups = this.groupCount - firstGroup;
    this.runStart[r] = start;
    this.runEnd[r] = end;
    this.runFirstGroup[r] = firstGroup;
    this.runGroupCount[r] = groups;
    this.runDigitCount[r] = digitCount;
    this.runFlags[r] = flags;
    this.runCount = r + 1;
    if (groups > this.maxGroups) this.maxGroups = groups;
    this.runDigitCounts |= 1 << (digitCount < 31 ? digitCount : 31);
    if (groups === 1 && digitCount <= 5) this.runShapes |= RUN_SHAPE_SHORT_NUMBER;
    const last = this.groupCount - 1;
    if ((this.groupEnd[last] as number) - (this.groupStart[last] as number) === 4) this.runShapes |= RUN_SHAPE_ENDS_IN_FOUR;
  }

  addGroup(start: number, end: number): void {
    const g = this.groupCount;
    if (g === this.groupStart.length) this.growGroups();
    this.groupStart[g] = start;
    this.groupEnd[g] = end;
    this.groupSeparator[g] = NO_SEPARATOR;
    this.groupCount = g + 1;
  }

  addHit(start: number, end: number, cues: number, entry: number): void {
    const h = this.hitCount;
    if (h === this.hitStart.length) this.growHits();
    this.hitStart[h] = start;
    this.hitEnd[h] = end;
    this.hitCues[h] = cues;
    this.hitEntry[h] = entry;
    this.hitCount = h + 1;
  }

  addPersonal(start: number, end: number): void {
    const p = this.personalCount;
    if (p === this.personalStart.length) this.growPersonal();
    this.personalStart[p] = start;
    this.personalEnd[p] = end;
    this.personalCount = p + 1;
  }

  addIbanStart(at: number): void {
    if (this.ibanStartCount === this.ibanStarts.length) this.ibanStarts = grown(this.ibanStarts);
    this.ibanStarts[this.ibanStartCount++] = at;
  }

  addBicStart(at: number): void {
    if (this.bicStartCount === this.bicStarts.length) this.bicStarts = grown(this.bicStarts);
    this.bicStarts[this.bicStartCount++] = at;
  }

  private growPersonal(): void {
    this.personalStart = grown(this.personalStart);
    this.personalEnd = grown(this.personalEnd);
  }

  private growRuns(): void {
    this.runStart = grown(this.runStart);
    this.runEnd = grown(this.runEnd);
    this.runFirstGroup = grown(this.runFirstGroup);
    this.runGroupCount = grown(this.runGroupCount);
    this.runDigitCount = grown(this.runDigitCount);
    const flags = new Uint8Array(this.runFlags.length * 2);
    flags.set(this.runFlags);
    this.runFlags = flags;
  }

  private growGroups(): void {
    this.groupStart = grown(this.groupStart);
    this.groupEnd = grown(this.groupEnd);
    this.groupSeparator = grown(this.groupSeparator);
  }

  private growHits(): void {
    this.hitStart = grown(this.hitStart);
    this.hitEnd = grown(this.hitEnd);
    this.hitCues = grown(this.hitCues);
    this.hitEntry = grown(this.hitEntry);
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

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

/**
 * One linear pass: every character is looked at a bounded number of times. Digits become runs of
 * digit groups (cards, BSNs, phones, IPs, dates and postcodes are all read from runs); each word
 * is hashed as it is passed (integer arithmetic on the char codes, no substring) and looked up
 * once in the lexicon; '@' and ':' are counted so the e-mail and IPv6 recognisers skip texts
 * without them. Everything found goes into `scan`'s typed arrays (reused: detect() passes the
 * same Scan every call), so a scan allocates nothing once its buffers have grown to the text.
 */
export function scanText(text: string, scan: Scan = new Scan()): Scan {
  scan.reset(text);
  // Where the last lexicon hit ended: "card #" reads the '#' as part of it.
  let hitEnd = -1;
  let cues = 0;
  let atSigns = 0;
  let colons = 0;
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
      let hash = hashStep(HASH_SEED, kind);
      // A letter that lowers to anything but a–z: the hash alone no longer decides (SLOT_SIMPLE).
      let wide = kind > 122;
      let nextKind = 0;
      while (++i < length) {
        const next = text.charCodeAt(i);
        // Lower-case ASCII, most letters, is its own class: no table read.
        if (next >= 97 && next <= 122) {
          hash = hashStep(hash, next);
          continue;
        }
        nextKind = classOf(next);
        if (nextKind < LETTER) break;
        if (nextKind > 122) wide = true;
        hash = hashStep(hash, nextKind);
      }
      if (i === length) nextKind = 0;
      const wordEnd = i;
      // The character that ended the word, if of no interest, needs no look of its own.
      if (nextKind === 0 && i < length) i++;
      // Like \b: a word glued to a digit ("4card", "06abc") starts nothing.
      if (start === digitsEnd) continue;
      const slot = slotFor(hash);
      if (slot !== -1) {
        if (!wide && SLOT_SIMPLE[slot] === wordEnd - start) {
          // The slot's one word, and the word ends here: a digit after it would glue it to a number.
          if (nextKind !== DIGIT) {
            const e = SLOT_FIRST[slot] as number;
            const entryCues = ENTRY_CUES[e] as number;
            if (entryCues === PERSONAL) scan.addPersonal(start, wordEnd);
            else scan.addHit(start, wordEnd, entryCues, e);
            cues |= entryCues;
            hitEnd = wordEnd;
          }
        } else {
          const added = addHits(text, start, wordEnd - start, slot, scan);
          if (added !== 0) {
            cues |= added;
            hitEnd = lastHitEnd;
          }
        }
      }
      const size = wordEnd - start;
      if (size === 2) {
        if (nextKind === DIGIT && wordEnd + 1 < length && classOf(text.charCodeAt(wordEnd + 1)) === DIGIT && isAsciiLetter(code) && isAsciiLetter(text.charCodeAt(start + 1))) scan.addIbanStart(start);
      } else if (size >= 6 && isUpperAscii(code) && isUpperAscii(text.charCodeAt(start + 1)) && allUpper(text, start, start + 6)) {
        scan.addBicStart(start);
      }
    } else if (kind === DIGIT) {
      i = scanDigitRun(text, i, scan);
      digitsEnd = i;
    } else {
      if (kind === AT) atSigns++;
      else if (kind === COLON) colons++;
      else if (!(code === 35 && hitEnd !== -1 && followsWord(text, i, hitEnd))) {
        scan.addHit(i, i + 1, Cue.reference, NO_ENTRY);
        cues |= Cue.reference;
        hitEnd = i + 1;
      }
      i++;
    }
  }
  scan.cues = cues;
  scan.atSigns = atSigns;
  scan.colons = colons;
  return scan;
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
function addHits(text: string, start: number, wordLength: number, slot: number, scan: Scan): number {
  let cues = 0;
  const first = SLOT_FIRST[slot] as number;
  const last = first + (SLOT_COUNT[slot] as number);
  for (let e = first; e < last; e++) {
    if (ENTRY_FIRST_WORD[e] !== wordLength) continue;
    const length = ENTRY_LENGTH[e] as number;
    const offset = ENTRY_OFFSET[e] as number;
    const end = start + length;
    if (end > text.length) continue;
    // The first word as written or through the scan's table (its letters' lower case), the rest, if any, as it is written.
    let k = 0;
    while (k < wordLength) {
      const code = text.charCodeAt(start + k);
      const want = ENTRY_CHARS[offset + k];
      if (code !== want && classOf(code) !== want) break;
      k++;
    }
    if (k < wordLength) continue;
    while (k < length && lowerCode(text.charCodeAt(start + k)) === ENTRY_CHARS[offset + k]) k++;
    if (k < length || (end < text.length && isAlnum(text.charCodeAt(end)))) continue;
    const entryCues = ENTRY_CUES[e] as number;
    if (entryCues === Cue.personal) scan.addPersonal(start, end);
    else scan.addHit(start, end, entryCues, e);
    cues |= entryCues;
    lastHitEnd = end;
  }
  return cues;
}

/** The digit groups from `from` (a digit) as one run: groups joined by one or two separators. */
function scanDigitRun(text: string, from: number, scan: Scan): number {
  const length = text.length;
  const firstGroup = scan.groupCount;
  let i = from + 1;
  while (i < length && isDigitCode(text.charCodeAt(i))) i++;
  scan.addGroup(from, i);
  let digitCount = i - from;
  // The run goes on past one or two separators followed by a digit; every read stays inside the text.
  while (i < length) {
    const separator = text.charCodeAt(i);
    if (!isSeparator(separator)) break;
    let j = i + 1;
    if (j >= length) break;
    const next = text.charCodeAt(j);
    if (isDigitCode(next)) {
      scan.groupSeparator[scan.groupCount - 1] = separator;
    } else {
      if (!isSeparator(next) || j + 1 >= length || !isDigitCode(text.charCodeAt(j + 1))) break;
      j++;
    }
    i = j + 1;
    while (i < length && isDigitCode(text.charCodeAt(i))) i++;
    digitCount += i - j;
    scan.addGroup(j, i);
  }
  let flags = 0;
  if (from > 0 && classOf(text.charCodeAt(from - 1)) >= LETTER) flags |= LETTER_BEFORE;
  if (i < length && classOf(text.charCodeAt(i)) >= LETTER) flags |= LETTER_AFTER;
  scan.addRun(from, i, firstGroup, digitCount, flags);
  return i;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Whether a hit with one of `cues` lies wholly within the `before` characters before
 * [start, end) or the `after` characters after it. Hits are few per text; a linear look is enough.
 */
export function hasCue(scan: Scan, start: number, end: number, cues: number, before: number, after: number): boolean {
  const from = start - before;
  const to = end + after;
  const { hitStart, hitEnd, hitCues } = scan;
  for (let h = 0, count = scan.hitCount; h < count; h++) {
    const hs = hitStart[h] as number;
    // Hits are in text order: past `to`, none can qualify.
    if (hs >= to) break;
    if (((hitCues[h] as number) & cues) === 0) continue;
    const he = hitEnd[h] as number;
    if (hs >= from && he <= start) return true;
    if (hs >= end && he <= to) return true;
  }
  return false;
}

/** Whether a personal word lies wholly within the `before` characters before `start`. */
export function hasPersonalBefore(scan: Scan, start: number, before: number): boolean {
  const from = start - before;
  const { personalStart, personalEnd } = scan;
  for (let k = 0, count = scan.personalCount; k < count; k++) {
    const pairStart = personalStart[k] as number;
    if (pairStart >= start) break;
    if (pairStart >= from && (personalEnd[k] as number) <= start) return true;
  }
  return false;
}

/**
 * Distance from the end of the nearest hit with one of `cues` to `start`, looking back at most
 * `before` characters; Infinity when there is none. Context is read nearest first: "mijn BSN is
 * 123456782, ticket 87654321" makes the second number a ticket, not a BSN.
 */
export function cueDistanceBefore(scan: Scan, start: number, cues: number, before: number): number {
  let best = Number.POSITIVE_INFINITY;
  const { hitStart, hitEnd, hitCues } = scan;
  for (let h = 0, count = scan.hitCount; h < count; h++) {
    const hs = hitStart[h] as number;
    if (hs >= start) break;
    const he = hitEnd[h] as number;
    if (((hitCues[h] as number) & cues) !== 0 && he <= start && hs >= start - before) best = Math.min(best, start - he);
  }
  return best;
}
