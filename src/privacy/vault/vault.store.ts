import type { Selectable } from 'kysely';
import { hotRowsQuery, type Database, type Db } from '../../platform/db/index.js';
import type { Subject } from '../subject-keys.js';

/** Kysely queries for privacy_vault: sealed originals of masked data. */

export interface NewVaultItem {
  readonly id: string;
  readonly subject: Subject;
  readonly inboxId: string;
  readonly entityType: string;
  readonly source: { readonly table: string; readonly field: string; readonly record: string };
  readonly ciphertext: Buffer;
  readonly createdAt: number;
}

const vaultInsert = hotRowsQuery((db, rows: readonly Selectable<Database['privacy_vault']>[]) =>
  db.insertInto('privacy_vault').values(
    rows.map((r) => ({
      id: r.id,
      subject_type: r.subject_type,
      subject_id: r.subject_id,
      inbox_id: r.inbox_id,
      entity_type: r.entity_type,
      source_table: r.source_table,
      source_field: r.source_field,
      source_record: r.source_record,
      ciphertext: r.ciphertext,
      created_at: r.created_at,
    })),
  ),
);

export async function insertVaultItems(trx: Db, items: readonly NewVaultItem[]): Promise<void> {
  await vaultInsert.execute(
    trx,
    items.map((item) => ({
      id: item.id,
      subject_type: item.subject.type,
      subject_id: item.subject.id,
      inbox_id: item.inboxId,
      entity_type: item.entityType,
      source_table: item.source.table,
      source_field: item.source.field,
      source_record: item.source.record,
      ciphertext: item.ciphertext.toString('base64'),
      created_at: item.createdAt,
    })),
  );
}

export interface VaultItem {
  readonly id: string;
  readonly subject: Subject;
  readonly inboxId: string;
  readonly entityType: string;
  readonly ciphertext: Buffer;
}

export async function vaultItemById(db: Db, id: string): Promise<VaultItem | undefined> {
  const row = await db
    .selectFrom('privacy_vault')
    .select(['id', 'subject_type', 'subject_id', 'inbox_id', 'entity_type', 'ciphertext'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    subject: { type: row.subject_type, id: row.subject_id },
    inboxId: row.inbox_id,
    entityType: row.entity_type,
    ciphertext: Buffer.from(row.ciphertext, 'base64'),
  };
}

/** The vaulted originals masked in these records of one table (for "reveal" buttons beside each message), in insertion order. */
export async function vaultItemsOfRecords(
  db: Db,
  table: string,
  records: readonly string[],
): Promise<{ readonly id: string; readonly entityType: string; readonly record: string }[]> {
  if (records.length === 0) return [];
  const rows = await db
    .selectFrom('privacy_vault')
    .select(['id', 'entity_type', 'source_record'])
    .where('source_table', '=', table)
    .where('source_record', 'in', [...records])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, entityType: r.entity_type, record: r.source_record }));
}
