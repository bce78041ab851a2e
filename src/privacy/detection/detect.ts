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
import type { Findings } from './findings.js';
import type { SpanList } from './span-list.js';
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
  // The shared input's buffers, unless a detect() call is somehow already using them.
  const shared = !sharedInUse;
  const input = shared ? SHARED_INPUT : new ScanInput();
  sharedInUse = true;
  try {
    return detectIn(input.reset(text, expected, options.locale ?? 'auto'), options);
  } finally {
    if (shared) {
      input.release();
      sharedInUse = false;
    }
  }
}

/**
 * The one ScanInput (with its scan buffers) that detect() calls reuse: a message's digit runs,
 * hits, vetoes and claims then allocate nothing.
 */
const SHARED_INPUT = new ScanInput();
let sharedInUse = false;

function detectIn(input: ScanInput, options: DetectOptions): Detection[] {
  const { scan, expected } = input;
  // Most chat messages: no digit, no '@' or ':', no candidate, no lexicon word. Nothing to find.
  if (scan.runCount === 0 && scan.hitCount === 0 && scan.atSigns === 0 && scan.colons === 0 && scan.ibanStartCount === 0 && scan.bicStartCount === 0 && expected.size === 0 && options.known === undefined) {
    return [];
  }
  const { found } = input;
  const hasNumbers = scan.runCount > 0;
  if (hasNumbers) {
    findCards(input, found);
    // Up to here `found` holds only cards: the extras read them as they append their own.
    if (found.length > 0 || input.mentions(Cue.cvv | Cue.expiry) || expected.size > 0) findCardExtras(input, found, found.length, found);
  }
  if (scan.ibanStartCount > 0) findIbans(input, found);
  if (scan.bicStartCount > 0) findBics(input, ibansOf(found), found);
  if (hasNumbers) {
    findBsns(input, found);
    findPhones(input, found);
  }
  if (scan.atSigns > 0) findEmails(input, found);
  findSpokenNumbers(input, found);
  if (hasNumbers || scan.colons > 0) findIps(input, found);
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
function keepable(found: Findings, vetoes: SpanList): Detection[] {
  let count = 0;
  for (let k = 0; k < found.length; k++) if (isKept(found.at(k), vetoes)) count++;
  // Made at its final size: the list detect() returns, usually of one or two.
  const kept = new Array<Detection>(count);
  for (let k = 0, i = 0; k < found.length; k++) {
    const d = found.at(k);
    if (isKept(d, vetoes)) kept[i++] = d;
  }
  return kept;
}

function isKept(d: Detection, vetoes: SpanList): boolean {
  return d.score >= DETECTION_THRESHOLD && (vetoes.count === 0 || d.type === 'known-number' || !vetoes.contains(d.start, d.end));
}

function ibansOf(found: Findings): Detection[] {
  const ibans: Detection[] = [];
  for (let k = 0; k < found.length; k++) if (found.at(k).type === 'iban') ibans.push(found.at(k));
  return ibans;
}
