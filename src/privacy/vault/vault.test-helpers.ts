import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { loadKeyring, type Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { dialectOf } from '../../platform/db/dialect.js';

/** A keyring of its own in a fresh folder. */
export function keyringIn(folder: string): Keyring {
  return loadKeyring({ dataDir: folder, masterKeyFile: join(folder, 'keys', 'master.key') });
}

/** A stand-in for the channel's message table: where callers of protectText keep the masked text. */
export async function createMessagesTable(db: Db): Promise<void> {
  await sql`create table test_messages (id varchar(50) primary key, body text not null)`.execute(db);
}

export async function storeMessage(db: Db, id: string, body: string): Promise<void> {
  await sql`insert into test_messages (id, body) values (${id}, ${body})`.execute(db);
}

export async function messageBody(db: Db, id: string): Promise<string | undefined> {
  const result = await sql<{ body: string }>`select body from test_messages where id = ${id}`.execute(db);
  return result.rows[0]?.body;
}

/** Every row of every table in the database, each as one JSON text: what an attacker with a copy of it reads. */
export async function everyStoredText(db: Db): Promise<{ readonly table: string; readonly text: string }[]> {
  const tables =
    dialectOf(db as unknown as Kysely<unknown>) === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  const texts: { table: string; text: string }[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const row of rows.rows) texts.push({ table: name, text: JSON.stringify(row) });
  }
  return texts;
}
