import { twoDigitValue } from './text.js';
import type { Detection, EntityType, MaskedSpan, MaskingAction, MaskingPolicy, MaskResult } from './types.js';

/**
 * Card data and credentials are never stored, not even encrypted (PCI DSS forbids keeping a
 * CVV at all; a password has no business in a conversation store); everything else is masked
 * and its original vaulted under the contact's key, so an authorised person can reveal it.
 */
export const defaultMaskingPolicy: MaskingPolicy = Object.freeze({
  card: 'discard',
  cvv: 'discard',
  'card-expiry': 'discard',
  credential: 'discard',
  iban: 'vault',
  bic: 'vault',
  bsn: 'vault',
  email: 'vault',
  phone: 'vault',
  ip: 'vault',
  'date-of-birth': 'vault',
  postcode: 'vault',
  address: 'vault',
  passport: 'vault',
  'id-card': 'vault',
  health: 'vault',
  'known-name': 'vault',
  'known-address': 'vault',
  'known-number': 'vault',
});

const NO_OVERRIDES: Partial<MaskingPolicy> = Object.freeze({});

/** defaultMaskingPolicy[type], as a switch (checked against it below, when the module loads). */
function defaultAction(type: EntityType): MaskingAction {
  switch (type) {
    case 'card':
    case 'cvv':
    case 'card-expiry':
    case 'credential':
      return 'discard';
    default:
      return 'vault';
  }
}
for (const [type, action] of Object.entries(defaultMaskingPolicy) as [EntityType, MaskingAction][]) {
  if (defaultAction(type) !== action) throw new Error(`defaultAction disagrees with defaultMaskingPolicy for ${type}`);
}

/** What the agent reads instead: the kind of data and, where safe, enough to recognise it. */
function placeholder(detection: Detection): string {
  const meta = detection.meta;
  switch (detection.type) {
    case 'card': {
      const last4 = meta?.['last4'];
      return last4 === undefined ? '[CARD]' : `[CARD ****${last4}]`;
    }
    case 'iban': {
      const country = meta?.['country'];
      const last4 = meta?.['last4'];
      return country === undefined || last4 === undefined ? '[IBAN]' : `${ibanPlaceholderStart(country)}${last4}]`;
    }
    case 'phone': {
      const last2 = meta?.['last2'];
      return last2 === undefined ? '[PHONE]' : phonePlaceholder(last2);
    }
    case 'cvv':
      return '[CVV]';
    case 'card-expiry':
      return '[EXPIRY]';
    case 'bic':
      return '[BIC]';
    case 'bsn':
      return '[BSN]';
    case 'email':
      return '[EMAIL]';
    case 'ip':
      return '[IP]';
    case 'date-of-birth':
      return '[DOB]';
    case 'postcode':
      return '[POSTCODE]';
    case 'address':
    case 'known-address':
      return '[ADDRESS]';
    case 'passport':
      return '[PASSPORT]';
    case 'id-card':
      return '[ID]';
    case 'health':
      return '[HEALTH]';
    case 'credential':
      return '[CREDENTIAL]';
    case 'known-name':
      return '[NAME]';
    case 'known-number':
      return '[NUMBER]';
  }
}

/**
 * "[PHONE …78]" for each two last digits, made once. Built per phone, the placeholder is two new
 * strings copied unit by unit (the '…' makes them two-byte), ~0.08 µs a phone: mask() took a
 * sixth less time over the benchmark's corpus with these made once.
 */
const PHONE_PLACEHOLDERS: (string | undefined)[] = new Array<string | undefined>(100).fill(undefined);

function phonePlaceholder(last2: string): string {
  const value = last2.length === 2 ? twoDigitValue(last2, 0) : -1;
  if (value < 0) return `[PHONE …${last2}]`;
  return (PHONE_PLACEHOLDERS[value] ??= `[PHONE …${last2}]`);
}

/** "[IBAN NL** …" per country code, made once for the same reason; the last four and ']' are joined on (a rope, no copy). */
const IBAN_PLACEHOLDER_STARTS = new Map<string, string>();

function ibanPlaceholderStart(country: string): string {
  let start = IBAN_PLACEHOLDER_STARTS.get(country);
  if (start === undefined) {
    start = `[IBAN ${country}** …`;
    // Two-letter codes only (detect()'s come from the IBAN registry): a caller's own meta could hold anything.
    if (country.length === 2) IBAN_PLACEHOLDER_STARTS.set(country, start);
  }
  return start;
}

/**
 * Replaces each detection by its placeholder as the policy says. Detections may come in any
 * order and may overlap (a caller may merge its own); the earlier one wins an overlap, the
 * later is dropped, so no character is masked twice or left half-masked. Offsets outside the
 * text are rejected, not clamped: they mean the detections belong to another text.
 */
export function mask(text: string, detections: readonly Detection[], policy: Partial<MaskingPolicy> = NO_OVERRIDES): MaskResult {
  if (detections.length === 0) return { text, spans: [] };
  const sorted = isSorted(detections) ? detections : [...detections].sort((a, b) => a.start - b.start || b.end - a.end);
  // One concatenation pass: V8 builds the result as a rope and flattens it once, when it is read.
  let out = '';
  // Made at its final size when no detection overlaps another (detect()'s never do): a list
  // grown by push would start with room for seventeen.
  const spans: MaskedSpan[] = new Array<MaskedSpan>(sorted.length);
  let kept = 0;
  let copiedUpTo = 0;
  for (let k = 0; k < sorted.length; k++) {
    const d = sorted[k] as Detection;
    if (!(Number.isInteger(d.start) && Number.isInteger(d.end) && d.start >= 0 && d.end <= text.length && d.start < d.end)) {
      throw new RangeError(`Detection ${d.start}..${d.end} lies outside the text (length ${text.length}).`);
    }
    if (d.start < copiedUpTo) continue;
    // Without overrides the default comes from a switch, not a keyed lookup per detection.
    const action: MaskingAction = policy === NO_OVERRIDES ? defaultAction(d.type) : (policy[d.type] ?? defaultMaskingPolicy[d.type]);
    if (d.start > copiedUpTo) out += text.slice(copiedUpTo, d.start);
    const replacement = action === 'keep' ? text.slice(d.start, d.end) : placeholder(d);
    const maskedStart = out.length;
    out += replacement;
    spans[kept++] = { type: d.type, start: d.start, end: d.end, maskedStart, maskedEnd: out.length, action };
    copiedUpTo = d.end;
  }
  if (copiedUpTo < text.length) out += text.slice(copiedUpTo);
  if (kept < spans.length) spans.length = kept;
  return { text: out, spans };
}


/** detect() already returns detections in text order; a caller's own list may not be. */
function isSorted(detections: readonly Detection[]): boolean {
  for (let k = 1; k < detections.length; k++) {
    const a = detections[k - 1];
    const b = detections[k];
    if (a === undefined || b === undefined || a.start > b.start || (a.start === b.start && a.end < b.end)) return false;
  }
  return true;
}
