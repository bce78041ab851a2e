import type { DigitRun } from './digit-runs.js';
import { Cue } from './lexicon.js';
import { cueDistanceBefore, hasCue, hasPairBefore, scanText, type Scanned, type WordHit } from './scan.js';
import { lowerSameLength } from './text.js';
import type { Detection, DetectionLocale, EntityType } from './types.js';

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Most texts have no veto and no claim: they share this empty list. */
const NO_SPANS: readonly Span[] = [];

/**
 * What every recogniser gets: the text, what the single scan found in it (digit runs, lexicon
 * hits, candidate positions) and the conversation's expectations. The lower-cased twin (same
 * offsets) is made only if a recogniser asks for it, which the common paths do not.
 */
export class ScanInput {
  readonly runs: readonly DigitRun[];
  readonly hits: readonly WordHit[];
  readonly scanned: Scanned;
  /**
   * Spans shaped like a checksummed number (a card, an IBAN) that failed its checksum: nothing
   * found by shape or context inside one is masked, so a mistyped card number is not masked as
   * a phone number instead, nor the digits of a wrong IBAN as a card.
   */
  vetoes: readonly Span[] = NO_SPANS;
  /**
   * Spans a checksum has already decided (a valid card or IBAN, or a veto): the other number
   * recognisers do not read digits inside them again.
   */
  claimed: readonly Span[] = NO_SPANS;
  private lowered: string | undefined;

  constructor(
    readonly text: string,
    readonly expected: ReadonlySet<EntityType>,
    readonly locale: DetectionLocale,
  ) {
    this.scanned = scanText(text);
    this.runs = this.scanned.runs;
    this.hits = this.scanned.hits;
  }

  /** Records a span that failed its checksum (see vetoes). The list is made on the first one. */
  veto(start: number, end: number): void {
    if (this.vetoes === NO_SPANS) this.vetoes = [{ start, end }];
    else (this.vetoes as Span[]).push({ start, end });
  }

  /** Records a span a checksum has decided (see claimed). */
  claim(start: number, end: number): void {
    if (this.claimed === NO_SPANS) this.claimed = [{ start, end }];
    else (this.claimed as Span[]).push({ start, end });
  }

  get lower(): string {
    this.lowered ??= lowerSameLength(this.text);
    return this.lowered;
  }

  /** Whether [start, end) lies inside a span a checksum has decided. */
  isClaimed(start: number, end: number): boolean {
    for (const span of this.claimed) if (start >= span.start && end <= span.end) return true;
    for (const span of this.vetoes) if (start >= span.start && end <= span.end) return true;
    return false;
  }

  /** Whether any hit of the text carries one of `cues`. */
  mentions(cues: number): boolean {
    return (this.scanned.cues & cues) !== 0;
  }

  /** A cue wholly inside the `before` characters before [start, end) or the `after` characters after it. */
  hasCue(start: number, end: number, cues: number, before: number, after: number): boolean {
    return (this.scanned.cues & cues) !== 0 && hasCue(this.hits, start, end, cues, before, after);
  }

  /** A first-person or family word ("ik", "my", "vader") wholly inside the `before` characters before `start`. */
  hasPersonalBefore(start: number, before: number): boolean {
    return (this.scanned.cues & Cue.personal) !== 0 && (hasPairBefore(this.scanned.personal, start, before) || hasCue(this.hits, start, start, Cue.personal, before, 0));
  }

  /** Characters from the nearest cue before `start` (within `before`), or Infinity. */
  cueDistance(start: number, cues: number, before: number): number {
    return (this.scanned.cues & cues) === 0 ? Number.POSITIVE_INFINITY : cueDistanceBefore(this.hits, start, cues, before);
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
