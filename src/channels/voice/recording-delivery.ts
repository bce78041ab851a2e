import { AppError, type ErrorCode, type ErrorDetail } from '../../platform/errors/index.js';
import { parseAmazonTranscribe, parseNativeTranscript, RecordingError, type DetectionLocale, type RecordingErrorCode, type Transcript } from '../../privacy/index.js';

/**
 * One delivery of the telephony platform (docs/channels.md, "Call recordings"), as JSON:
 *   { "metadata": { inboxId, callId, from, to, startedAt, direction, callerChannel?, locale? },
 *     "transcript": <Amazon Transcribe JSON or the native format>,
 *     "recording": "<base64 of the WAV file>" }
 */
export interface CallMetadata {
  readonly inboxId: string;
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly direction: 'inbound' | 'outbound';
  /** Which audio channel carries the customer (two-channel recordings); default 0. */
  readonly callerChannel: 0 | 1;
  readonly locale: DetectionLocale;
}

/** The delivery with only its envelope checked: enough to find the inbox and check the signature. */
export interface DeliveryEnvelope {
  readonly metadata: CallMetadata;
  readonly transcript: unknown;
  readonly recording: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** What a number looks like once a platform wrote it down; "anonymous" or "restricted" (withheld) are not numbers. */
const PHONE = /^\+?[0-9][0-9 ().-]{2,30}$/;
const MAX_CALL_ID_CHARS = 200;
const MAX_PARTY_CHARS = 64;

export function parseEnvelope(raw: Buffer): DeliveryEnvelope {
  const json = parseJson(raw);
  const problems: ErrorDetail[] = [];
  if (!isRecord(json)) throw invalid([{ problem: 'the body must be a JSON object with metadata, transcript and recording' }]);
  const metadata = isRecord(json['metadata']) ? json['metadata'] : {};
  if (!isRecord(json['metadata'])) problems.push({ field: 'metadata', problem: 'must be an object' });
  const inboxId = text(metadata['inboxId'], 'metadata.inboxId', 36, problems);
  if (inboxId !== '' && !UUID.test(inboxId)) problems.push({ field: 'metadata.inboxId', problem: 'must be an inbox id (a lower-case UUID)' });
  const callId = text(metadata['callId'], 'metadata.callId', MAX_CALL_ID_CHARS, problems);
  const from = text(metadata['from'], 'metadata.from', MAX_PARTY_CHARS, problems);
  const to = text(metadata['to'], 'metadata.to', MAX_PARTY_CHARS, problems);
  const startedAt = typeof metadata['startedAt'] === 'string' ? Date.parse(metadata['startedAt']) : Number.NaN;
  if (!Number.isFinite(startedAt)) problems.push({ field: 'metadata.startedAt', problem: 'must be an ISO 8601 date-time' });
  const direction = metadata['direction'];
  if (direction !== 'inbound' && direction !== 'outbound') problems.push({ field: 'metadata.direction', problem: 'must be "inbound" or "outbound"' });
  const callerChannel = metadata['callerChannel'] ?? 0;
  if (callerChannel !== 0 && callerChannel !== 1) problems.push({ field: 'metadata.callerChannel', problem: 'must be 0 or 1' });
  const locale = metadata['locale'] ?? 'auto';
  if (locale !== 'nl' && locale !== 'en' && locale !== 'auto') problems.push({ field: 'metadata.locale', problem: 'must be "nl", "en" or "auto"' });
  if (!isRecord(json['transcript'])) problems.push({ field: 'transcript', problem: 'must be an object (Amazon Transcribe JSON or the native format)' });
  const recording = json['recording'];
  if (typeof recording !== 'string' || recording.length === 0 || recording.length % 4 !== 0 || !BASE64.test(recording)) {
    problems.push({ field: 'recording', problem: 'must be the WAV file in base64 (RFC 4648, padded)' });
  }
  if (problems.length > 0) throw invalid(problems);
  return {
    metadata: {
      inboxId,
      callId,
      from,
      to,
      startedAt,
      direction: direction as CallMetadata['direction'],
      callerChannel: callerChannel as 0 | 1,
      locale: locale as DetectionLocale,
    },
    transcript: json['transcript'],
    recording: recording as string,
  };
}

/** The customer's number: the caller of an inbound call, the called party of an outbound one; undefined if withheld. */
export function customerPhone(metadata: CallMetadata): string | undefined {
  const party = (metadata.direction === 'inbound' ? metadata.from : metadata.to).trim();
  return PHONE.test(party) ? party : undefined;
}

/** The transcript in either accepted format, told apart by shape as parseTranscript does. */
export function transcriptOf(json: unknown): Transcript {
  return asAppError(() => {
    const hasResults = isRecord(json) && 'results' in json;
    const hasChannels = isRecord(json) && 'channels' in json;
    // Guard: a document with both shapes could be read two ways; refuse it rather than guess.
    if (hasResults === hasChannels) throw new RecordingError('TRANSCRIPT_INVALID', 'The transcript is neither Amazon Transcribe JSON ("results") nor the native format ("channels").');
    return hasResults ? parseAmazonTranscribe(json) : parseNativeTranscript(json);
  });
}

/** Maps the recording parsers' refusals to catalogue errors (4xx); their own bugs stay 500s. */
export function asAppError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RecordingError) {
      const code = recordingErrorCode(error.code);
      if (code !== undefined) throw new AppError(code, [{ problem: error.message }], { cause: error });
    }
    throw error;
  }
}

function recordingErrorCode(code: RecordingErrorCode): ErrorCode | undefined {
  switch (code) {
    case 'DETECTION_INVALID':
    case 'OPTIONS_INVALID':
      // Ours, not the sender's: the detector or the options we passed were wrong.
      return undefined;
    default:
      return `ERR_RECORDING_${code}`;
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('ERR_REQUEST_MALFORMED_JSON');
  }
}

function text(value: unknown, field: string, max: number, problems: ErrorDetail[]): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    problems.push({ field, problem: `must be a string of 1 to ${max} characters` });
    return '';
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(problems: readonly ErrorDetail[]): AppError {
  const code: ErrorCode = 'ERR_INGEST_BODY_INVALID';
  return new AppError(code, problems);
}
