import { RecordingError } from './recording-error.js';
import {
  channelIndex,
  checkedTranscript,
  checkedWord,
  describeValue,
  isRecord,
  transcriptError,
  type Transcript,
  type TranscriptChannel,
  type TranscriptWord,
} from './transcript.js';

/**
 * Bolwerk's own transcript format (docs/recordings.md):
 *   { "channels": [ { "channel": 0, "words": [ { "text": "…", "start": 1.23, "end": 1.56 } ] } ] }
 * Times are seconds as JSON numbers. Other fields (a confidence, a speaker) are ignored.
 */
export function parseNativeTranscript(json: unknown): Transcript {
  // Guard: the top level is an object with a channel list.
  if (!isRecord(json) || !Array.isArray(json['channels'])) throw transcriptError('The transcript has no "channels" list.');
  const channels = json['channels'];
  // Guard: a recording has at most two channels.
  if (channels.length > 2) throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', `The transcript lists ${channels.length} channels; at most 2 are supported.`);
  return checkedTranscript(channels.map((entry: unknown, index) => nativeChannel(entry, index)));
}

function nativeChannel(entry: unknown, index: number): TranscriptChannel {
  // Guard: each channel entry is an object.
  if (!isRecord(entry)) throw transcriptError(`Channel entry ${index + 1} is not an object.`);
  const channel = channelIndex(entry['channel'], `Channel entry ${index + 1}`);
  const words = entry['words'];
  // Guard: the words are a list.
  if (!Array.isArray(words)) throw transcriptError(`Channel ${channel} has no "words" list.`);
  return { channel, words: words.map((word: unknown, wordIndex) => nativeWord(word, `channel ${channel}, word ${wordIndex + 1}`)) };
}

function nativeWord(word: unknown, where: string): TranscriptWord {
  // Guard: each word is an object.
  if (!isRecord(word)) throw transcriptError(`${where} is not an object.`);
  const { start, end } = word;
  // Guard: times are JSON numbers, not strings that might hold anything.
  if (typeof start !== 'number' || typeof end !== 'number') {
    throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `${where} needs "start" and "end" as numbers of seconds (found ${describeValue(start)} and ${describeValue(end)}).`);
  }
  return checkedWord(word['text'], start, end, where);
}
