import { fillSpan, mergeSpans, type AudioFill, type FrameSpan } from './audio-fill.js';
import { channelText, placeholder, wordsToMask, type Detector, type MaskedWordGroup } from './channel-text.js';
import { parseNativeTranscript } from './native-transcript.js';
import { RecordingError } from './recording-error.js';
import type { Transcript, TranscriptChannel, TranscriptWord } from './transcript.js';
import { readWav, WAV_DATA_OFFSET, writeWav, type PcmRecording } from './wav.js';

export interface MaskRecordingInput {
  /** The WAV file: 16-bit PCM, mono or two-channel, 8–48 kHz. */
  readonly wav: Buffer;
  /** Word timings for every channel of the recording (parseTranscript, or the native shape). */
  readonly transcript: Transcript;
  readonly detect: Detector;
  /** What replaces a masked stretch: silence, or a 1 kHz tone. */
  readonly fill: AudioFill;
  /** Blanked on each side of a masked word; default 150 ms, because word timings are approximate. */
  readonly paddingMs?: number;
  /** Passed to readWav. */
  readonly maxDataBytes?: number;
}

/** One masked stretch of audio, on sample boundaries (so ms may be fractional). */
export interface MaskedSpan {
  readonly channel: 0 | 1;
  readonly startMs: number;
  readonly endMs: number;
  readonly type: string;
}

export interface MaskedRecording {
  /** A canonical WAV file: the same format and length, masked stretches replaced, metadata chunks dropped. */
  readonly wav: Buffer;
  /** The transcript with each masked run of words replaced by one placeholder word ("[CARD]") spanning them. */
  readonly transcript: Transcript;
  readonly spans: readonly MaskedSpan[];
}

export const DEFAULT_PADDING_MS = 150;
const MAX_PADDING_MS = 5000;
/** Speech recognisers round word ends; a word may end this far past the last sample and is clamped. */
export const END_TOLERANCE_SECONDS = 0.05;
const MICROSECONDS = 1_000_000;

/**
 * Masks a call recording and its transcript: each channel's words are joined into text, the
 * detector runs on it, and every word it touches is replaced in the transcript by a placeholder
 * and in that channel's audio, padded each side, by silence or a tone. Samples outside the masked
 * stretches, and the other channel, are copied unchanged.
 */
export function maskRecording(input: MaskRecordingInput): MaskedRecording {
  const paddingSeconds = checkedPadding(input.paddingMs ?? DEFAULT_PADDING_MS) / 1000;
  checkFill(input.fill);
  // The Transcript type does not prove its values: a caller may have built it by hand (with NaN
  // times, a third channel). The native parser re-checks every field of the same shape.
  const transcript = parseNativeTranscript(input.transcript);
  const recording = readWav(input.wav, input.maxDataBytes === undefined ? {} : { maxDataBytes: input.maxDataBytes });
  checkTranscriptFits(transcript, recording);
  const output = writeWav(recording.format, recording.data);
  const data = output.subarray(WAV_DATA_OFFSET);
  const spans: MaskedSpan[] = [];
  const channels: TranscriptChannel[] = [];
  for (const channel of transcript.channels) {
    const { text, ranges } = channelText(channel.words);
    const groups = text === '' ? [] : wordsToMask(text, ranges, input.detect(text));
    const channelSpans = groups.map((group) => spanOf(channel, group, recording, paddingSeconds));
    for (const span of mergeSpans(channelSpans)) {
      fillSpan(data, span, { channels: recording.format.channels, channel: channel.channel, sampleRate: recording.format.sampleRate }, input.fill);
    }
    for (const [index, span] of channelSpans.entries()) spans.push(reportedSpan(channel.channel, span, (groups[index] as MaskedWordGroup).type, recording));
    channels.push({ channel: channel.channel, words: maskedWords(channel.words, groups) });
  }
  return { wav: output, transcript: { channels }, spans };
}

function checkedPadding(paddingMs: number): number {
  // Guard: a negative or absurd padding would blank too little or the whole call.
  if (!Number.isFinite(paddingMs) || paddingMs < 0 || paddingMs > MAX_PADDING_MS) {
    throw new RecordingError('OPTIONS_INVALID', `paddingMs must be between 0 and ${MAX_PADDING_MS}.`);
  }
  return paddingMs;
}

function checkFill(fill: string): void {
  // Guard: an unknown fill from an untyped caller must not fall through to "leave as is".
  if (fill !== 'silence' && fill !== 'tone') throw new RecordingError('OPTIONS_INVALID', 'fill must be "silence" or "tone".');
}

/**
 * The transcript must describe this recording: each channel it names exists, a two-channel
 * recording has a word list for both channels, and no word ends after the audio does.
 */
function checkTranscriptFits(transcript: Transcript, recording: PcmRecording): void {
  const { channels, sampleRate } = recording.format;
  const duration = recording.frames / sampleRate;
  for (const channel of transcript.channels) {
    // Guard: words for a channel that is not there would be masked nowhere.
    if (channel.channel >= channels) throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', `The transcript has words for channel ${channel.channel}, but the recording is mono.`);
    const lastEnd = latestEnd(channel.words);
    // Guard: timings past the end belong to another (longer) recording; masking by them would miss.
    if (lastEnd > duration + END_TOLERANCE_SECONDS) {
      throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `The transcript has a word on channel ${channel.channel} ending at ${lastEnd} s, after the recording ends (${duration} s).`);
    }
  }
  // Guard: a mixed (single-list) transcript of a two-channel call says nothing about which channel
  // carried a word; blanking one channel would leave the other audible.
  if (channels === 2 && transcript.channels.length !== 2) {
    throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', 'The recording has two channels but the transcript has words for one: transcribe with channel identification (an empty list for a silent channel).');
  }
}

function spanOf(channel: TranscriptChannel, group: MaskedWordGroup, recording: PcmRecording, paddingSeconds: number): FrameSpan {
  const words = channel.words.slice(group.firstWord, group.lastWord + 1);
  // In whole microseconds, so 6.9 s + 150 ms is exactly 7.05 s and not one sample more
  // (microseconds × rate stays below 2^53 for any time the parsers accept).
  const padding = Math.round(paddingSeconds * MICROSECONDS);
  const start = Math.round(earliestStart(words) * MICROSECONDS) - padding;
  const end = Math.round(latestEnd(words) * MICROSECONDS) + padding;
  const rate = recording.format.sampleRate;
  // Rounded outwards: a sample that is partly inside the padded span is masked.
  return {
    startFrame: Math.max(0, Math.floor((start * rate) / MICROSECONDS)),
    endFrame: Math.min(recording.frames, Math.ceil((end * rate) / MICROSECONDS)),
  };
}

function reportedSpan(channel: 0 | 1, span: FrameSpan, type: string, recording: PcmRecording): MaskedSpan {
  const rate = recording.format.sampleRate;
  return { channel, startMs: (span.startFrame * 1000) / rate, endMs: (span.endFrame * 1000) / rate, type };
}

function maskedWords(words: readonly TranscriptWord[], groups: readonly MaskedWordGroup[]): TranscriptWord[] {
  const masked: TranscriptWord[] = [];
  let next = 0;
  for (const group of groups) {
    for (let word = next; word < group.firstWord; word++) masked.push(words[word] as TranscriptWord);
    const run = words.slice(group.firstWord, group.lastWord + 1);
    masked.push({ text: placeholder(group.type), start: earliestStart(run), end: latestEnd(run) });
    next = group.lastWord + 1;
  }
  for (let word = next; word < words.length; word++) masked.push(words[word] as TranscriptWord);
  return masked;
}

// Loops rather than Math.min(...spread): a transcript can hold more words than a call has arguments.
function earliestStart(words: readonly TranscriptWord[]): number {
  let earliest = Infinity;
  for (const word of words) earliest = Math.min(earliest, word.start);
  return earliest;
}

function latestEnd(words: readonly TranscriptWord[]): number {
  let latest = 0;
  for (const word of words) latest = Math.max(latest, word.end);
  return latest;
}
