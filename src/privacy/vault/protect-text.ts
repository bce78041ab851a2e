import { timeOrderedId, type Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import {
  detect,
  DetectionInputTooLargeError,
  mask,
  type ConversationContext,
  type Detection,
  type DetectionLocale,
  type EntityType,
  type KnownContactData,
  type MaskingAction,
  type MaskingPolicy,
} from '../detection/index.js';
import { encryptField } from '../encryption/index.js';
import { effectivePolicy } from '../policy/effective-policy.js';
import { dataKeyFor, type Subject } from '../subject-keys.js';
import { vaultBinding } from './vault-binding.js';
import { insertVaultItems, type NewVaultItem } from './vault.store.js';

export interface ProtectTextDeps {
  readonly keyring: Keyring;
  /** The instant of the caller's transaction (epoch ms). */
  readonly now: number;
}

export interface ProtectTextInput {
  readonly text: string;
  /** Whose data this is: vaulted originals are sealed under their data key. */
  readonly subject: Subject;
  /** The inbox whose policy applies, and whose reveal permission reaches the vaulted originals. */
  readonly inboxId: string;
  /** Where the caller will store the masked text. */
  readonly source: { readonly table: string; readonly field: string; readonly record: string };
  readonly context?: ConversationContext;
  readonly known?: KnownContactData;
  readonly locale?: DetectionLocale;
  /** The subject's data key when the caller already holds it (saves a read and an unwrap); it must be the subject's. */
  readonly subjectKey?: Buffer;
  /** The inbox's effective policy when the caller already read it in this transaction; it must be the inbox's. */
  readonly policy?: MaskingPolicy;
}

export interface ProtectedSpan {
  readonly type: EntityType;
  /** In the masked text. */
  readonly start: number;
  readonly end: number;
  /** The vault item holding the original; null unless action is 'vault'. */
  readonly vaultId: string | null;
  /**
   * What happened to the original: 'vault' (sealed, see vaultId), 'discard' (gone) or 'keep' (still
   * in the text). A 'vault' span of a subject whose key was shredded is reported as 'discard'.
   */
  readonly action: MaskingAction;
}

export interface ProtectedText {
  /** What the caller stores instead of the text. */
  readonly masked: string;
  readonly spans: readonly ProtectedSpan[];
}

/** Column widths of privacy_vault (migration 0012). */
const MAX_ID_CHARS = { subjectType: 50, subjectId: 200, inboxId: 200, sourceTable: 100, sourceField: 100, sourceRecord: 200 } as const;

/**
 * The privacy pipeline for one text, inside the caller's transaction (the channel storing a
 * message): detect, apply the inbox's policy, mask, and seal the originals of 'vault' spans under
 * the subject's data key. Originals of 'discard' spans are never written anywhere, not even
 * encrypted. If the subject's key was shredded nothing is vaulted, and the text is still masked:
 * an original is never stored in clear.
 */
export async function protectText(trx: Db, deps: ProtectTextDeps, input: ProtectTextInput): Promise<ProtectedText> {
  checkIds(input);
  const detections = detectOrRefuse(input);
  const masked = mask(input.text, detections, input.policy ?? (await effectivePolicy(trx, input.inboxId)));
  const toVault = masked.spans.filter((span) => span.action === 'vault');
  // One unwrap per text rather than per span: sealForSubject's own steps (dataKeyFor, then
  // encryptField), with the key kept for the text's spans. No vault span, no key made.
  const key = toVault.length === 0 ? undefined : (input.subjectKey ?? (await dataKeyFor(trx, deps.keyring, input.subject, deps.now)));
  const items: NewVaultItem[] = [];
  const spans = masked.spans.map((span): ProtectedSpan => {
    const where = { type: span.type, start: span.maskedStart, end: span.maskedEnd };
    if (span.action !== 'vault') return { ...where, vaultId: null, action: span.action };
    // Guard: an erased subject's key is gone for good; the original goes with it.
    if (key === undefined) return { ...where, vaultId: null, action: 'discard' };
    const id = timeOrderedId();
    const original = input.text.slice(span.start, span.end);
    items.push({
      id,
      subject: input.subject,
      inboxId: input.inboxId,
      entityType: span.type,
      source: input.source,
      ciphertext: encryptField(key, original, vaultBinding(id)),
      createdAt: deps.now,
    });
    return { ...where, vaultId: id, action: 'vault' };
  });
  await insertVaultItems(trx, items);
  return { masked: masked.text, spans };
}

function detectOrRefuse(input: ProtectTextInput): Detection[] {
  try {
    return detect(input.text, {
      ...(input.context === undefined ? {} : { context: input.context }),
      ...(input.known === undefined ? {} : { known: input.known }),
      ...(input.locale === undefined ? {} : { locale: input.locale }),
    });
  } catch (error) {
    // A clear 413 for the client, never a prefix masked and the tail let through.
    if (error instanceof DetectionInputTooLargeError) throw new AppError('ERR_PRIVACY_TEXT_TOO_LARGE', [], { cause: error });
    throw error;
  }
}

/**
 * The caller's own ids, checked before anything is written: a blank or oversized one is the
 * calling domain's bug, and failing here beats a vault row nobody can find or a truncated id.
 */
function checkIds(input: ProtectTextInput): void {
  const ids: Array<[keyof typeof MAX_ID_CHARS, string]> = [
    ['subjectType', input.subject.type],
    ['subjectId', input.subject.id],
    ['inboxId', input.inboxId],
    ['sourceTable', input.source.table],
    ['sourceField', input.source.field],
    ['sourceRecord', input.source.record],
  ];
  for (const [name, value] of ids) {
    if (typeof value !== 'string' || value === '' || value.length > MAX_ID_CHARS[name]) {
      throw new RangeError(`protectText: ${name} must be 1 to ${MAX_ID_CHARS[name]} characters.`);
    }
  }
}
