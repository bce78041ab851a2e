/**
 * Attachments: checked by content, size-limited, name sanitised, scanned where clamd is
 * configured, and stored encrypted under the contact's key. (Contract used by receiveMessage;
 * the implementation lands with the attachments work.)
 */
import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';

/** An attachment a channel received and checkAttachment accepted: safe to store. */
export interface CheckedAttachment {
  /** Sanitised: no path, no control characters, bounded length. */
  readonly fileName: string;
  /** Detected from the content, not taken from the sender. */
  readonly mediaType: string;
  readonly size: number;
  readonly content: Buffer;
}

export interface AttachmentOwner {
  readonly messageId: string;
  readonly conversationId: string;
  readonly inboxId: string;
  readonly contactId: string;
}

export interface StoreAttachmentDeps {
  readonly keyring: Keyring;
  readonly now: number;
  /** Where encrypted blobs live (<dataDir>/blobs). */
  readonly blobDir: string;
}

/** Stores checked attachments of one message inside the caller's transaction; returns how many. */
export async function storeAttachments(_trx: Db, _deps: StoreAttachmentDeps, _owner: AttachmentOwner, attachments: readonly CheckedAttachment[]): Promise<number> {
  if (attachments.length > 0) throw new Error('Attachments are not stored yet.');
  return 0;
}
