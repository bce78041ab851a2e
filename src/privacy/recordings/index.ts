export { maskRecording, DEFAULT_PADDING_MS, END_TOLERANCE_SECONDS, type MaskRecordingInput, type MaskedRecording, type MaskedSpan } from './mask-recording.js';
export { parseTranscript, type TranscriptFormat } from './parse-transcript.js';
export { parseAmazonTranscribe } from './amazon-transcribe.js';
export { parseNativeTranscript } from './native-transcript.js';
export { TRANSCRIPT_LIMITS, type Transcript, type TranscriptChannel, type TranscriptWord } from './transcript.js';
export { readWav, writeWav, type PcmFormat, type PcmRecording, type ReadWavOptions } from './wav.js';
export { TONE_AMPLITUDE, TONE_HZ, type AudioFill } from './audio-fill.js';
export { firstWordEndingAfter, type CharRange, type DetectedSpan, type Detector } from './channel-text.js';
export { RecordingError, type RecordingErrorCode } from './recording-error.js';
