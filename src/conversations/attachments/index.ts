/**
 * Attachments: checked by content, size-limited, name sanitised, scanned where clamd is
 * configured, and stored encrypted under the contact's key (see docs/channels.md, "Attachments").
 */
import type { Keyring } from '../../platform/crypto/index.js';

/** An attachment a channel received and checkAttachment accepted: safe to store. */
export interface CheckedAttachment {
  /** Sanitised: no path, no control characters, bounded length. */
  readonly fileName: string;
  /** Detected from the content, not taken from the sender. */
  readonly mediaType: string;
  readonly size: number;
  readonly content: Buffer;
  /**
   * The id to store it under (a new UUID if absent). A channel that picks it can remove the blob
   * at once if its delivery fails after the file was written (removeUnstoredBlobs).
   */
  readonly id?: string;
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

export { storeAttachments } from './store-attachments.js';
export { checkAttachment, type AttachmentInput, type CheckAttachmentOptions } from './check-attachment.js';
export { readAttachment, type AttachmentContent } from './read-attachment.js';
export { sweepOrphanBlobs, removeUnstoredBlobs, DEFAULT_SWEEP_GRACE_MS, type SweepDeps } from './sweep-orphan-blobs.js';
export { attachmentsOfMessage, type AttachmentRow } from './attachments.store.js';
export { registerAttachmentJobs } from './attachments.jobs.js';
export { attachmentSummaries, type AttachmentSummary } from './attachment-summaries.js';
