import { firstWordEndingAfter, type CharRange, type DetectedSpan, type Detector, type Transcript, type TranscriptWord } from '../../privacy/index.js';

/**
 * The call as the text a message stores, and the bridge that makes the audio masking agree with
 * the text masking. The privacy engine runs once, on this text; the same detections decide both
 * which words the stored message masks and which stretches of audio maskRecording blanks.
 */

export interface CallText {
  /** Speaker lines in time order: "Caller: …" / "Agent: …" (mono: "Call: …"). */
  readonly text: string;
  /** Per transcript channel (in transcript order), each word's character range in `text`. */
  readonly ranges: ReadonlyMap<0 | 1, readonly CharRange[]>;
}

export interface SpeakerLabels {
  readonly caller: string;
  readonly agent: string;
  readonly mono: string;
}

export const SPEAKER_LABELS: SpeakerLabels = { caller: 'Caller', agent: 'Agent', mono: 'Call' };

/**
 * The words of both channels merged by start time (each channel's own order kept), one line per
 * turn, labelled by who speaks. Word text is copied verbatim so every word keeps a known range.
 */
export function callText(transcript: Transcript, callerChannel: 0 | 1, labels: SpeakerLabels = SPEAKER_LABELS): CallText {
  const channels = transcript.channels;
  const label = (channel: 0 | 1) => (channels.length < 2 ? labels.mono : channel === callerChannel ? labels.caller : labels.agent);
  const ranges = new Map<0 | 1, CharRange[]>(channels.map((c) => [c.channel, []]));
  const cursors = channels.map(() => 0);
  let text = '';
  let speaking: 0 | 1 | undefined;
  for (;;) {
    const next = nextWord(channels.map((c) => c.words), cursors);
    if (next === undefined) break;
    const channel = (channels[next] as { channel: 0 | 1 }).channel;
    const word = (channels[next] as { words: readonly TranscriptWord[] }).words[cursors[next] as number] as TranscriptWord;
    cursors[next] = (cursors[next] as number) + 1;
    if (speaking !== channel) {
      text += `${text === '' ? '' : '\n'}${label(channel)}: `;
      speaking = channel;
    } else {
      text += ' ';
    }
    (ranges.get(channel) as CharRange[]).push({ start: text.length, end: text.length + word.text.length });
    text += word.text;
  }
  return { text, ranges };
}

/** Which channel's next word starts first (ties: the earlier-listed channel). */
function nextWord(lists: readonly (readonly TranscriptWord[])[], cursors: readonly number[]): number | undefined {
  let best: number | undefined;
  let bestStart = Infinity;
  for (const [index, words] of lists.entries()) {
    const word = words[cursors[index] as number];
    if (word !== undefined && word.start < bestStart) {
      best = index;
      bestStart = word.start;
    }
  }
  return best;
}

/**
 * A Detector for maskRecording that reports, for each channel's text (its words joined by one
 * space, as maskRecording builds it), exactly the words the call text's detections touch. It
 * expects to be asked about the channels in transcript order, skipping channels without words,
 * and refuses anything else: a text it did not predict would otherwise go unmasked.
 */
export function detectorFor(transcript: Transcript, call: CallText, detections: readonly DetectedSpan[]): Detector {
  const expected = transcript.channels
    .filter((c) => c.words.length > 0)
    .map((c) => ({ text: c.words.map((w) => w.text).join(' '), spans: channelSpans(c.words, call.ranges.get(c.channel) ?? [], detections) }));
  let asked = 0;
  return (text) => {
    const next = expected[asked++];
    // Guard: fail closed if maskRecording's view of a channel differs from the one masked here.
    if (next === undefined || next.text !== text) throw new Error('The recording masker asked about a channel text the call text did not predict.');
    return next.spans;
  };
}

/** Per detection, the run of this channel's words it touches, as a range of the channel's own text. */
function channelSpans(words: readonly TranscriptWord[], ranges: readonly CharRange[], detections: readonly DetectedSpan[]): DetectedSpan[] {
  const own: CharRange[] = [];
  let offset = 0;
  for (const word of words) {
    own.push({ start: offset, end: offset + word.text.length });
    offset += word.text.length + 1;
  }
  const spans: DetectedSpan[] = [];
  for (const detection of detections) {
    const first = firstWordEndingAfter(ranges, detection.start);
    let last = first - 1;
    while (last + 1 < ranges.length && (ranges[last + 1] as CharRange).start < detection.end) last++;
    if (last >= first) spans.push({ start: (own[first] as CharRange).start, end: (own[last] as CharRange).end, type: detection.type });
  }
  return spans;
}
