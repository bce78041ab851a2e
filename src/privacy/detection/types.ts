/** Every kind of sensitive data the engine recognises. */
export type EntityType =
  | 'card'
  | 'cvv'
  | 'card-expiry'
  | 'iban'
  | 'bic'
  | 'bsn'
  | 'email'
  | 'phone'
  | 'ip'
  | 'date-of-birth'
  | 'postcode'
  | 'address'
  | 'passport'
  | 'id-card'
  | 'health'
  | 'credential'
  | 'known-name'
  | 'known-address'
  | 'known-number';

/**
 * One finding. Offsets are UTF-16 code units into the text given to detect(); the engine keeps no
 * copy of the matched text (the caller slices), so a detection can be logged without leaking it.
 * meta holds only what is safe to show beside a mask: a card's last four, an IBAN's country.
 */
export interface Detection {
  readonly type: EntityType;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly meta?: Readonly<Record<string, string>>;
}

/** What the conversation so far makes likely in the next customer message. */
export interface ConversationContext {
  readonly expected: readonly EntityType[];
}

/** The contact's own data from their profile: found wherever it appears, whatever its shape. */
export interface KnownContactData {
  readonly names?: readonly string[];
  readonly addresses?: readonly string[];
  readonly phones?: readonly string[];
  readonly emails?: readonly string[];
  readonly numbers?: readonly string[];
}

export type DetectionLocale = 'nl' | 'en' | 'auto';

export interface DetectOptions {
  readonly context?: ConversationContext;
  readonly known?: KnownContactData;
  readonly locale?: DetectionLocale;
}

/**
 * vault: mask, the caller keeps the original encrypted; discard: mask, the original is never
 * stored, not even encrypted; keep: leave the text as it is.
 */
export type MaskingAction = 'vault' | 'discard' | 'keep';

export type MaskingPolicy = Readonly<Record<EntityType, MaskingAction>>;

export interface MaskedSpan {
  readonly type: EntityType;
  /** In the original text. */
  readonly start: number;
  readonly end: number;
  /** In the masked text. */
  readonly maskedStart: number;
  readonly maskedEnd: number;
  readonly action: MaskingAction;
}

export interface MaskResult {
  readonly text: string;
  readonly spans: readonly MaskedSpan[];
}
