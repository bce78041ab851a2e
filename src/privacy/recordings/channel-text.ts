import { RecordingError } from './recording-error.js';
import type { TranscriptWord } from './transcript.js';

/** What a detector reports: a character range of the text it was given, and what it found there. */
export interface DetectedSpan {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

/** Any text detector: the privacy engine's `detect`, or a test's. */
export type Detector = (text: string) => readonly DetectedSpan[];

/** A run of consecutive words that carried one detection. */
export interface MaskedWordGroup {
  readonly firstWord: number;
  /** Inclusive. */
  readonly lastWord: number;
  readonly type: string;
}

/** Where a word stands in a text: [start, end) in UTF-16 units. */
export interface CharRange {
  readonly start: number;
  readonly end: number;
}

const WORD_SEPARATOR = ' ';

/** One channel's words as a single text, with each word's character range in it. */
export function channelText(words: readonly TranscriptWord[]): { readonly text: string; readonly ranges: readonly CharRange[] } {
  const ranges: CharRange[] = [];
  let length = 0;
  for (const word of words) {
    if (ranges.length > 0) length += WORD_SEPARATOR.length;
    ranges.push({ start: length, end: length + word.text.length });
    length += word.text.length;
  }
  return { text: words.map((w) => w.text).join(WORD_SEPARATOR), ranges };
}

/**
 * Maps detections onto the words they touch. A word touched by any part of a detection is
 * masked whole. Where detections overlap, a word belongs to the one that starts first.
 */
export function wordsToMask(text: string, ranges: readonly CharRange[], detections: readonly DetectedSpan[]): MaskedWordGroup[] {
  const owner = new Array<number>(ranges.length).fill(-1);
  const sorted = detections.map((d) => checkedDetection(d, text.length)).sort((a, b) => a.start - b.start);
  for (const [index, detection] of sorted.entries()) {
    for (let word = firstWordEndingAfter(ranges, detection.start); word < ranges.length; word++) {
      const range = ranges[word] as CharRange;
      if (range.start >= detection.end) break;
      if (owner[word] === -1) owner[word] = index;
    }
  }
  return groupRuns(owner, sorted);
}

function checkedDetection(detection: DetectedSpan, textLength: number): DetectedSpan {
  const { start, end, type } = detection;
  // Guard: a detector bug must not become an unmasked span; fail closed instead of skipping it.
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > textLength || end <= start) {
    throw new RecordingError('DETECTION_INVALID', `The detector returned a range (${start}–${end}) outside the ${textLength}-character text.`);
  }
  // Guard: the type becomes the placeholder; without one the agent cannot tell what was removed.
  if (typeof type !== 'string' || type === '') throw new RecordingError('DETECTION_INVALID', 'The detector returned a detection without a type.');
  return detection;
}

/** The first range ending after `offset` (binary search: ranges are in text order, so their ends increase). */
export function firstWordEndingAfter(ranges: readonly CharRange[], offset: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[middle] as CharRange).end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function groupRuns(owner: readonly number[], detections: readonly DetectedSpan[]): MaskedWordGroup[] {
  const groups: MaskedWordGroup[] = [];
  let word = 0;
  while (word < owner.length) {
    const index = owner[word] as number;
    if (index === -1) {
      word++;
      continue;
    }
    const firstWord = word;
    while (word + 1 < owner.length && owner[word + 1] === index) word++;
    groups.push({ firstWord, lastWord: word, type: (detections[index] as DetectedSpan).type });
    word++;
  }
  return groups;
}

/** "card" → "[CARD]"; anything but letters, digits and _ becomes _, so a type cannot inject text. */
export function placeholder(type: string): string {
  const label = type.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 32);
  return `[${label}]`;
}
