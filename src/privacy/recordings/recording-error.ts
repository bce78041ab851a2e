/**
 * Why a recording or its transcript was refused. The code is stable (a route maps it to a 4xx);
 * the message says what was wrong in words a person can act on, and never quotes the content.
 */
export type RecordingErrorCode =
  | 'WAV_TOO_LARGE'
  | 'WAV_TRUNCATED'
  | 'WAV_NOT_RIFF_WAVE'
  | 'WAV_CHUNK_INVALID'
  | 'WAV_FORMAT_MISSING'
  | 'WAV_FORMAT_UNSUPPORTED'
  | 'WAV_DATA_MISSING'
  | 'WAV_DATA_SIZE_INVALID'
  | 'TRANSCRIPT_INVALID'
  | 'TRANSCRIPT_TOO_LARGE'
  | 'TRANSCRIPT_TIMES_INVALID'
  | 'TRANSCRIPT_CHANNEL_INVALID'
  | 'DETECTION_INVALID'
  | 'OPTIONS_INVALID';

export class RecordingError extends Error {
  readonly code: RecordingErrorCode;

  constructor(code: RecordingErrorCode, message: string) {
    super(message);
    this.name = 'RecordingError';
    this.code = code;
  }
}
