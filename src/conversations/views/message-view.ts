import { staffMembersByIds } from '../../identity/index.js';
import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { attachmentSummaries } from '../attachments/index.js';
import { vaultItemsOfRecords } from '../../privacy/index.js';
import type { MessageAuthorType, MessageDirection, MessageTable } from '../conversations.tables.js';
import { ERASED_TEXT, openText } from '../messages/message-body.js';
import type { MessageRow } from '../messages/messages.store.js';
import { contactLabel } from './conversation-summary.js';

/** A message as staff see it: the masked text, who wrote it, and which masked originals may be revealed. */
export interface MessageView {
  readonly id: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly direction: MessageDirection;
  readonly author: { readonly type: MessageAuthorType; readonly id: string | null; readonly name: string | null };
  readonly body: string;
  readonly createdAt: number;
  readonly flags: readonly string[];
  readonly delivery: MessageTable['delivery'];
  readonly revealable: readonly { readonly vaultId: string; readonly entityType: string }[];
  readonly attachments: readonly { readonly id: string; readonly fileName: string; readonly mediaType: string; readonly size: number }[];
}

/** Views of these rows (one conversation's), decrypting with the contact's key; erased text shows as such. */
export async function messageViews(db: Db, keyring: Keyring, rows: readonly MessageRow[], key: Buffer | undefined): Promise<MessageView[]> {
  const staff = await staffMembersByIds(db, rows.flatMap((r) => (r.author_type === 'staff' && r.author_id !== null ? [r.author_id] : [])));
  const vaulted = await vaultItemsOfRecords(
    db,
    'conv_messages',
    rows.map((r) => r.id),
  );
  const attachments = await attachmentSummaries(
    db,
    keyring,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    direction: row.direction,
    author: {
      type: row.author_type,
      id: row.author_id,
      name: row.author_type === 'staff' ? (staff.get(row.author_id ?? '')?.name ?? null) : row.author_type === 'contact' && row.author_id !== null ? contactLabel(row.author_id) : null,
    },
    body: key === undefined ? ERASED_TEXT : openText(key, row.body_ct, 'conv_messages', 'body', row.id),
    createdAt: Number(row.created_at),
    flags: JSON.parse(row.flags) as string[],
    delivery: row.delivery,
    // Once the key is gone the vaulted originals are unreadable too: nothing to offer.
    revealable: key === undefined ? [] : vaulted.filter((v) => v.record === row.id).map((v) => ({ vaultId: v.id, entityType: v.entityType })),
    attachments: (attachments.get(row.id) ?? []).map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size })),
  }));
}
