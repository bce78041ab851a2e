import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The better-sqlite3 connection as Kysely sees it, with prepared statements cached by their SQL
 * text. Kysely prepares every query afresh; Bolwerk's queries have a few hundred shapes, and
 * preparing costs more than running most of them. A statement still being iterated (busy) is
 * never handed out twice.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, capacity = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string): SqliteStatement => {
      const cached = cache.get(sql);
      // A hit leaves the order alone (re-inserting costs two more hash lookups of a long key on every
      // query): the oldest prepared goes first, and a hot statement it evicts is prepared again once.
      if (cached && !cached.busy) return cached as unknown as SqliteStatement;
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return statement as unknown as SqliteStatement;
    },
  };
}
