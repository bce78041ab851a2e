/**
 * The rules every reveal follows (vaulted originals, a contact's details). In a file that imports
 * nothing, so any domain can use them without pulling in the reveal use case and its imports.
 */

/** How long the agent's screen shows a revealed value before hiding it again. */
export const REVEAL_VISIBLE_MS = 60_000;

export const REASON_MIN_CHARS = 5;
export const REASON_MAX_CHARS = 500;
