import { Cue } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';

/**
 * Dutch passport and identity-card numbers: nine characters, letters at positions 1–2, letters
 * or digits at 3–8, a digit at 9, never the letter O (it would be read as zero). Plenty of
 * product codes share the shape, so only with a cue word or the agent's question; the regex
 * runs only on texts that have one.
 */
export const DOCUMENT_NUMBER = /\b[a-np-z]{2}[a-np-z0-9]{6}[0-9]\b/g;

const WINDOW = 64;

export function findIdentityDocuments(input: ScanInput, out: Findings): void {
  const expectPassport = input.expects('passport');
  const expectId = input.expects('id-card');
  if (!input.mentions(Cue.passport | Cue.idCard) && !expectPassport && !expectId) return;
  // The module's regex, reused: detect() is synchronous, so no other call can move lastIndex meanwhile.
  const scan = DOCUMENT_NUMBER;
  scan.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = scan.exec(input.lower)) !== null) {
    const start = match.index;
    const end = start + match[0].length;
    if (!/[0-9]/.test(match[0].slice(2, 8)) && !/[0-9]/.test(match[0].charAt(8))) continue;
    const passportCue = input.hasCue(start, end, Cue.passport, WINDOW, 0);
    const idCue = input.hasCue(start, end, Cue.idCard, WINDOW, 0);
    if (passportCue || (expectPassport && !idCue)) out.push(detection('passport', start, end, 0.85));
    else if (idCue || expectId) out.push(detection('id-card', start, end, 0.85));
  }
}
