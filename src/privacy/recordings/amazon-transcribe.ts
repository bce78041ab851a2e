import { RecordingError } from './recording-error.js';
import {
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
 * Amazon Transcribe's batch output: `results.items[]`, each `{ type: "pronunciation" |
 * "punctuation", start_time, end_time (decimal strings, pronunciations only), alternatives:
 * [{ content }] }`. With channel identification, `results.channel_labels.channels[]` holds one
 * `{ channel_label: "ch_0" | "ch_1", items }` per channel, and that is what we read; otherwise
 * `results.items` is channel 0. Punctuation has no timing: it is attached to the word before it.
 * `results.transcripts` (the whole text, unmasked) is deliberately ignored.
 */
export function parseAmazonTranscribe(json: unknown): Transcript {
  // Guard: not the shape Amazon writes.
  if (!isRecord(json) || !isRecord(json['results'])) throw transcriptError('The Amazon Transcribe JSON has no "results" object.');
  const results = json['results'];
  const labels = results['channel_labels'];
  if (labels === undefined || labels === null) return checkedTranscript([{ channel: 0, words: itemsToWords(results['items'], 'channel 0') }]);
  // Guard: channel_labels present but malformed; falling back to results.items would mix both parties into one channel.
  if (!isRecord(labels) || !Array.isArray(labels['channels'])) throw transcriptError('The Amazon Transcribe JSON has a "channel_labels" without a "channels" list.');
  // Guard: a recording has at most two channels.
  if (labels['channels'].length > 2) throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', `The Amazon Transcribe JSON lists ${labels['channels'].length} channels; at most 2 are supported.`);
  return checkedTranscript(labels['channels'].map((entry: unknown, index) => labelledChannel(entry, index)));
}

function labelledChannel(entry: unknown, index: number): TranscriptChannel {
  // Guard: each channel entry is an object.
  if (!isRecord(entry)) throw transcriptError(`Channel entry ${index + 1} of the Amazon Transcribe JSON is not an object.`);
  const label = entry['channel_label'];
  const match = typeof label === 'string' ? /^ch_([01])$/.exec(label) : null;
  // Guard: only ch_0 and ch_1 map onto the channels of a stereo file.
  if (match === null) throw new RecordingError('TRANSCRIPT_CHANNEL_INVALID', `Channel entry ${index + 1} of the Amazon Transcribe JSON has channel_label ${typeof label === 'string' ? 'other than ch_0 or ch_1' : describeValue(label)}.`);
  const channel = match[1] === '1' ? 1 : 0;
  return { channel, words: itemsToWords(entry['items'], `channel ${label as string}`) };
}

function itemsToWords(items: unknown, where: string): TranscriptWord[] {
  // Guard: a channel without an item list cannot be masked.
  if (!Array.isArray(items)) throw transcriptError(`The Amazon Transcribe JSON has no "items" list for ${where}.`);
  const words: TranscriptWord[] = [];
  for (const [index, item] of items.entries()) {
    const itemWhere = `${where}, item ${index + 1}`;
    // Guard: every item is an object.
    if (!isRecord(item)) throw transcriptError(`${itemWhere} is not an object.`);
    const content = firstAlternative(item, itemWhere);
    if (item['type'] === 'punctuation') {
      attachPunctuation(words, content);
      continue;
    }
    // Guard: only the two documented item types; anything else we cannot place in time.
    if (item['type'] !== 'pronunciation') throw transcriptError(`${itemWhere} has a type other than "pronunciation" or "punctuation".`);
    words.push(checkedWord(content, seconds(item['start_time'], `${itemWhere} start_time`), seconds(item['end_time'], `${itemWhere} end_time`), itemWhere));
  }
  return words;
}

function firstAlternative(item: Record<string, unknown>, where: string): string {
  const alternatives = item['alternatives'];
  const first: unknown = Array.isArray(alternatives) ? alternatives[0] : undefined;
  const content = isRecord(first) ? first['content'] : undefined;
  // Guard: the recognised text is alternatives[0].content; without it there is nothing to check.
  if (typeof content !== 'string') throw transcriptError(`${where} has no alternatives[0].content text.`);
  return content;
}

/**
 * Punctuation has no time of its own; it belongs to the word it follows. A leading mark is
 * dropped, and so is a "punctuation" item longer than a few characters: it is not punctuation,
 * and having no time it could not be blanked in the audio anyway.
 */
function attachPunctuation(words: TranscriptWord[], mark: string): void {
  const last = words.at(-1);
  if (last === undefined || mark.length > 4) return;
  words[words.length - 1] = { ...last, text: last.text + mark };
}

/** Amazon writes times as decimal strings ("12.345"); numbers are accepted from re-serialising tools. */
function seconds(value: unknown, where: string): number {
  if (typeof value === 'number') return value;
  // Guard: only plain decimals; "NaN", "1e309", "-0.5" and "" are not times.
  if (typeof value !== 'string' || !/^\d{1,9}(?:\.\d{1,9})?$/.test(value)) {
    throw new RecordingError('TRANSCRIPT_TIMES_INVALID', `${where} is ${typeof value === 'string' ? 'not a decimal number of seconds' : describeValue(value)}.`);
  }
  return Number(value);
}
