import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { AttachmentTable } from './attachments.tables.js';

export type AttachmentRow = Selectable<AttachmentTable>;

export async function insertAttachment(db: Db, row: Insertable<AttachmentTable>): Promise<void> {
  await db.insertInto('conv_attachments').values(row).execute();
}

/** The attachment, only if it belongs to that conversation (a URL pairing another conversation's id finds nothing). */
export async function attachmentInConversation(db: Db, conversationId: string, attachmentId: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('conv_attachments').selectAll().where('id', '=', attachmentId).where('conversation_id', '=', conversationId).executeTakeFirst();
}

/** Which of these ids have a row (the sweep keeps those blobs). */
export async function existingAttachmentIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('conv_attachments').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function attachmentsOfMessage(db: Db, messageId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('conv_attachments').selectAll().where('message_id', '=', messageId).orderBy('created_at').orderBy('id').execute();
}
