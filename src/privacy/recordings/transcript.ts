import { RecordingError } from './recording-error.js';

/**
 * A transcript with word timings, one word list per audio channel: the native format (see
 * docs/recordings.md) and what every parser produces. Times are seconds from the start of the
 * recording. Error messages name where a problem is (channel, word number) but never quote a
 * word: the words are what we are trying to protect.
 */
export interface TranscriptWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface TranscriptChannel {
  /** 0 for mono or the first (left) channel, 1 for the second (right). */
  readonly channel: 0 | 1;
  readonly words: readonly TranscriptWord[];
}

export interface Transcript {
  readonly channels: readonly TranscriptChannel[];
}

export const TRANSCRIPT_LIMITS = {
  /** Words over all channels: about 25 hours of continuous speech. */
  maxWords: 200_000,
  /** Characters in one word; a transcript "word" longer than this is not a word. */
  maxWordLength: 200,
  /** Characters of transcript JSON accepted by parseTranscript. */
  maxJsonLength: 64 * 1024 * 1024,
  /** Latest time accepted before the recording's own length is known (a day). */
  maxSeconds: 24 * 60 * 60,
} as const;

export function transcriptError(message: string): RecordingError {
  return new RecordingError('TRANSCRIPT_INVALID', message);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one word's text and times; `where` names it in messages ("channel 0, word 12"). */
export function checkedWord(text: unknown, start: number, end: number, where: string): TranscriptWord {
  // Guard: a word must be text to be searched for sensitive data.
  if (typeof text !== 'string' || text.trim() === '') throw transcriptError(`${where} has no text.`);
  // Guard: an absurdly long "word" is a malformed or hostile transcript.
  if (text.length > TRANSCRIPT_LIMITS.maxWordLength) throw transcriptError(`${where} is longer than ${TRANSCRIPT_LIMITS.maxWordLength} characters.`);
  checkTimes(start, end, where);
  return { text, start, end };
}

function checkTimes(start: number, end: number, where: string): void {
  // Guard: NaN or Infinity would turn into no span, or a span covering everything, silently.
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `${where} has a time that is not a finite number.`);
  // Guard: a negative time is before the recording began.
  if (start < 0 || end < 0) throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `${where} has a negative time.`);
  // Guard: a word that ends before it starts has no span to blank.
  if (end < start) throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `${where} ends (${end} s) before it starts (${start} s).`);
  // Guard: no call lasts longer than this; such a time is garbage.
  if (end > TRANSCRIPT_LIMITS.maxSeconds) throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `${where} ends after ${TRANSCRIPT_LIMITS.maxSeconds} s.`);
}

/** Checks the channel list as a whole: known channels, each once, and the word cap. */
export function checkedTranscript(channels: readonly TranscriptChannel[]): Transcript {
  const seen = new Set<number>();
  let words = 0;
  for (const channel of channels) {
    // Guard: two word lists for one channel would leave one of them unmasked in the audio.
    if (seen.has(channel.channel)) throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', `The transcript lists channel ${channel.channel} twice.`);
    seen.add(channel.channel);
    words += channel.words.length;
  }
  // Guard: bounds the work done per transcript.
  if (words > TRANSCRIPT_LIMITS.maxWords) throw new RecordingError('TRANSCRIPT_TOO_LARGE', `The transcript has ${words} words; at most ${TRANSCRIPT_LIMITS.maxWords} are accepted.`);
  return { channels };
}

/** Reads a channel number that must be 0 or 1. */
export function channelIndex(value: unknown, where: string): 0 | 1 {
  // Guard: recordings have one or two channels.
  if (value !== 0 && value !== 1) throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', `${where} names channel ${describeValue(value)}; channels are 0 and 1.`);
  return value;
}

/** A short description of a bad value for a message: numbers as they are, anything else by kind (never its content). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
