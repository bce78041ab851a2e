import { DetectionInputTooLargeError, MAX_DETECT_INPUT_CHARS } from './limits.js';
import { Cue } from './lexicon.js';
import { findAddresses } from './recognisers/address.js';
import { findBics } from './recognisers/bic.js';
import { findBsns } from './recognisers/bsn.js';
import { findCardExtras } from './recognisers/card-extras.js';
import { findCards } from './recognisers/card.js';
import { findCredentials } from './recognisers/credential.js';
import { findDatesOfBirth } from './recognisers/date-of-birth.js';
import { findEmails } from './recognisers/email.js';
import { findHealth } from './recognisers/health.js';
import { findIbans } from './recognisers/iban.js';
import { findIdentityDocuments } from './recognisers/identity-document.js';
import { findIps } from './recognisers/ip.js';
import { findKnownContactData } from './recognisers/known-contact.js';
import { findPhones } from './recognisers/phone.js';
import { findPostcodes } from './recognisers/postcode.js';
import { findSpokenNumbers } from './recognisers/spoken-digits.js';
import { resolveOverlapsInPlace } from './resolve-overlaps.js';
import { DETECTION_THRESHOLD, ScanInput } from './scan-input.js';
import type { DetectOptions, Detection, EntityType } from './types.js';

const NOTHING_EXPECTED: ReadonlySet<EntityType> = new Set();
/** The default options, one object for every call that passes none. */
const NO_OPTIONS: DetectOptions = Object.freeze({});

/** Lexicon hits that can lead to a detection without any digit, '@' or ':' in the text. */
const WORD_EVIDENCE = Cue.health | Cue.credential | Cue.numberWord | Cue.passport | Cue.idCard | Cue.dateOfBirth;

/**
 * Finds sensitive data in Dutch and English text. One scan over the text (scan.ts) finds the
 * digit runs, the lexicon words (cues, health terms, credential cues, number words) and the
 * places where an IBAN or a BIC may start; each recogniser then works from those candidates and
 * does its expensive validation (checksums, phone metadata) only on them. A text with no digit,
 * no '@', no ':', no candidate and no telling word costs that one scan. Returns non-overlapping
 * detections at or above the threshold, in text order.
 */
export function detect(text: string, options: DetectOptions = NO_OPTIONS): Detection[] {
  if (text.length > MAX_DETECT_INPUT_CHARS) throw new DetectionInputTooLargeError(text.length);
  if (text.length === 0) return [];
  const expected = options.context === undefined || options.context.expected.length === 0 ? NOTHING_EXPECTED : new Set(options.context.expected);
  const input = new ScanInput(text, expected, options.locale ?? 'auto');
  const { scanned } = input;
  // Most chat messages: no digit, no '@' or ':', no candidate, no lexicon word. Nothing to find.
  if (scanned.runs.length === 0 && scanned.hits.length === 0 && scanned.atSigns === 0 && scanned.colons === 0 && scanned.ibanStarts.length === 0 && scanned.bicStarts.length === 0 && expected.size === 0 && options.known === undefined) {
    return [];
  }
  const found: Detection[] = [];
  const hasNumbers = scanned.runs.length > 0;
  if (hasNumbers) {
    findCards(input, found);
    // Up to here `found` holds only cards: the extras read them as they append their own.
    if (found.length > 0 || input.mentions(Cue.cvv | Cue.expiry) || expected.size > 0) findCardExtras(input, found, found.length, found);
  }
  if (scanned.ibanStarts.length > 0) findIbans(input, found);
  if (scanned.bicStarts.length > 0) findBics(input, ibansOf(found), found);
  if (hasNumbers) {
    findBsns(input, found);
    findPhones(input, found);
  }
  if (scanned.atSigns > 0) findEmails(input, found);
  findSpokenNumbers(input, found);
  if (hasNumbers || scanned.colons > 0) findIps(input, found);
  if (hasNumbers) {
    findDatesOfBirth(input, found);
    findPostcodes(input, found);
    findAddresses(input, found);
  }
  if (input.mentions(WORD_EVIDENCE) || expected.size > 0) {
    findIdentityDocuments(input, found);
    findHealth(input, found);
    findCredentials(input, found);
  }
  if (options.known !== undefined) findKnownContactData(input, options.known, found);
  return resolveOverlapsInPlace(keepable(found, input.vetoes));
}

/**
 * At or above the threshold, and not inside a span that failed its own checksum (a detection
 * that contains such a span, an IBAN around card-shaped digits, is evidence of its own).
 */
function keepable(found: Detection[], vetoes: readonly { start: number; end: number }[]): Detection[] {
  // The usual case: everything found is kept, and the list is detect()'s own to return.
  let all = true;
  for (let k = 0; k < found.length && all; k++) {
    const d = found[k] as Detection;
    all = d.score >= DETECTION_THRESHOLD && (vetoes.length === 0 || d.type === 'known-number' || !insideAny(vetoes, d.start, d.end));
  }
  if (all) return found;
  const kept: Detection[] = [];
  for (const d of found) {
    if (d.score < DETECTION_THRESHOLD) continue;
    if (d.type !== 'known-number' && insideAny(vetoes, d.start, d.end)) continue;
    kept.push(d);
  }
  return kept;
}

function insideAny(spans: readonly { start: number; end: number }[], start: number, end: number): boolean {
  for (const span of spans) if (start >= span.start && end <= span.end) return true;
  return false;
}

function ibansOf(found: readonly Detection[]): Detection[] {
  const ibans: Detection[] = [];
  for (const d of found) if (d.type === 'iban') ibans.push(d);
  return ibans;
}
