import { AppError } from '../../platform/errors/index.js';

/**
 * The rules every reveal follows (vaulted originals, a contact's details). Kept apart from the
 * reveal use case, so any domain can use them without pulling in its imports (and their cycles).
 */

/** How long the agent's screen shows a revealed value before hiding it again. */
export const REVEAL_VISIBLE_MS = 60_000;

export const REASON_MIN_CHARS = 5;
export const REASON_MAX_CHARS = 500;

/** The reason given for a reveal, trimmed; refused when blank or out of bounds. */
export function checkedRevealReason(reason: string): string {
  const trimmed = reason.trim();
  // Guard: the reason is what an auditor reads later; blanks padded to length say nothing.
  if (trimmed.length < REASON_MIN_CHARS || trimmed.length > REASON_MAX_CHARS) {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'body.reason', problem: `must be ${REASON_MIN_CHARS} to ${REASON_MAX_CHARS} characters` }]);
  }
  return trimmed;
}
