/**
 * detect() works in memory on the whole text at once; a cap keeps one oversized message (or an
 * attacker's upload) from holding the event loop and the heap. 10 M UTF-16 units ≈ 10 MB of
 * mostly-ASCII text, far beyond any chat message or e-mail body a channel accepts.
 */
export const MAX_DETECT_INPUT_CHARS = 10 * 1024 * 1024;

/** Thrown, never truncated: silently detecting in a prefix would let the tail through unmasked. */
export class DetectionInputTooLargeError extends Error {
  readonly code = 'ERR_PRIVACY_TEXT_TOO_LARGE';

  constructor(readonly length: number) {
    super(`Text of ${length} characters is larger than the ${MAX_DETECT_INPUT_CHARS} the detector accepts.`);
    this.name = 'DetectionInputTooLargeError';
  }
}
