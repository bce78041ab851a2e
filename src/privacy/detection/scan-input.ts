import { Cue } from './lexicon.js';
import { cueDistanceBefore, hasCue, hasPersonalBefore, Scan, scanText } from './scan.js';
import { Findings } from './findings.js';
import { SpanList } from './span-list.js';
import { lowerSameLength } from './text.js';
import type { Detection, DetectionLocale, EntityType } from './types.js';

const NOTHING_EXPECTED: ReadonlySet<EntityType> = new Set();

/**
 * What every recogniser gets: the text, what the single scan found in it (digit runs, lexicon
 * hits, candidate positions, in typed arrays read by index) and the conversation's expectations.
 * The lower-cased twin (same offsets) is made only if a recogniser asks for it, which the common
 * paths do not.
 *
 * One instance serves every detect() call (reset() at its start), with its Scan and span lists:
 * a message's runs, hits, vetoes and claims then cost no allocation. detect() is synchronous
 * from its scan to its result and nothing it calls detects again, so no call sees another's.
 */
export class ScanInput {
  readonly scan = new Scan();
  /**
   * Spans shaped like a checksummed number (a card, an IBAN) that failed its checksum: nothing
   * found by shape or context inside one is masked, so a mistyped card number is not masked as
   * a phone number instead, nor the digits of a wrong IBAN as a card.
   */
  readonly vetoes = new SpanList();
  /**
   * Spans a checksum has already decided (a valid card or IBAN): the other number recognisers do
   * not read digits inside them, nor inside a veto, again.
   */
  readonly claimed = new SpanList();
  /** What the recognisers have found so far in this text. */
  readonly found = new Findings();
  text = '';
  expected: ReadonlySet<EntityType> = NOTHING_EXPECTED;
  locale: DetectionLocale = 'auto';
  private lowered: string | undefined;

  /** Lets go of the text (and its lower-cased twin) once a detect() call is done with it. */
  release(): void {
    this.found.clear();
    this.text = '';
    this.lowered = undefined;
    this.scan.text = '';
  }

  /** Scans `text`, forgetting everything about the previous one. */
  reset(text: string, expected: ReadonlySet<EntityType>, locale: DetectionLocale): this {
    this.text = text;
    this.expected = expected;
    this.locale = locale;
    this.lowered = undefined;
    this.vetoes.clear();
    this.claimed.clear();
    this.found.clear();
    scanText(text, this.scan);
    return this;
  }

  /** Records a span that failed its checksum (see vetoes). */
  veto(start: number, end: number): void {
    this.vetoes.add(start, end);
  }

  /** Records a span a checksum has decided (see claimed). */
  claim(start: number, end: number): void {
    this.claimed.add(start, end);
  }

  get lower(): string {
    this.lowered ??= lowerSameLength(this.text);
    return this.lowered;
  }

  /** Whether [start, end) lies inside a span a checksum has decided. */
  isClaimed(start: number, end: number): boolean {
    return this.claimed.contains(start, end) || this.vetoes.contains(start, end);
  }

  /** Whether the conversation makes `type` likely here (most messages come with no expectation at all). */
  expects(type: EntityType): boolean {
    return this.expected.size !== 0 && this.expected.has(type);
  }

  /** Whether any hit of the text carries one of `cues`. */
  mentions(cues: number): boolean {
    return (this.scan.cues & cues) !== 0;
  }

  /** A cue wholly inside the `before` characters before [start, end) or the `after` characters after it. */
  hasCue(start: number, end: number, cues: number, before: number, after: number): boolean {
    return (this.scan.cues & cues) !== 0 && hasCue(this.scan, start, end, cues, before, after);
  }

  /** A first-person or family word ("ik", "my", "vader") wholly inside the `before` characters before `start`. */
  hasPersonalBefore(start: number, before: number): boolean {
    return (this.scan.cues & Cue.personal) !== 0 && (hasPersonalBefore(this.scan, start, before) || hasCue(this.scan, start, start, Cue.personal, before, 0));
  }

  /** Characters from the nearest cue before `start` (within `before`), or Infinity. */
  cueDistance(start: number, cues: number, before: number): number {
    return (this.scan.cues & cues) === 0 ? Number.POSITIVE_INFINITY : cueDistanceBefore(this.scan, start, cues, before);
  }
}

/** A detection with a score at or above this is masked. */
export const DETECTION_THRESHOLD = 0.5;

export function clampScore(score: number): number {
  return score < 0 ? 0 : score > 1 ? 1 : Math.round(score * 100) / 100;
}

export function detection(type: EntityType, start: number, end: number, score: number, meta?: Readonly<Record<string, string>>): Detection {
  return meta === undefined ? { type, start, end, score: clampScore(score) } : { type, start, end, score: clampScore(score), meta };
}
