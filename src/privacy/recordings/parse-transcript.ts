import { parseAmazonTranscribe } from './amazon-transcribe.js';
import { parseNativeTranscript } from './native-transcript.js';
import { RecordingError } from './recording-error.js';
import { isRecord, TRANSCRIPT_LIMITS, transcriptError, type Transcript } from './transcript.js';

export type TranscriptFormat = 'amazon-transcribe' | 'native';

/**
 * Parses transcript JSON text in either accepted format. The format is told by its shape: Amazon
 * Transcribe output has a "results" object, the native format a "channels" list; a document
 * with both (or neither) is refused rather than guessed at.
 */
export function parseTranscript(text: string): { readonly format: TranscriptFormat; readonly transcript: Transcript } {
  // Guard: bounds the memory JSON.parse may use.
  if (text.length > TRANSCRIPT_LIMITS.maxJsonLength) throw new RecordingError('TRANSCRIPT_TOO_LARGE', `The transcript is longer than ${TRANSCRIPT_LIMITS.maxJsonLength} characters.`);
  const json = parseJson(text);
  const hasResults = isRecord(json) && 'results' in json;
  const hasChannels = isRecord(json) && 'channels' in json;
  // Guard: an ambiguous document could be read two ways; refuse it.
  if (hasResults === hasChannels) throw transcriptError('The transcript is neither Amazon Transcribe JSON ("results") nor the native format ("channels").');
  if (hasResults) return { format: 'amazon-transcribe', transcript: parseAmazonTranscribe(json) };
  return { format: 'native', transcript: parseNativeTranscript(json) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message can quote the input; ours does not.
    throw transcriptError('The transcript is not valid JSON.');
  }
}
