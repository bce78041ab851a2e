import type { Db } from './open-database.js';

const memos = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * Reads `key` once per transaction: the group commit runs many customers' messages in one
 * transaction, and they mostly ask the same things (their inbox, its masking policy). Inside one
 * transaction a second read would see the same row, unless the transaction itself changed it, so
 * use this only for what the transaction's own work does not write. Outside a transaction it just
 * reads. A failed read is forgotten, so the next caller tries again.
 */
export function onceInTransaction<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  if (!db.isTransaction) return read();
  let memo = memos.get(db);
  if (memo === undefined) {
    memo = new Map();
    memos.set(db, memo);
  }
  const known = memo.get(key);
  if (known !== undefined) return known as Promise<T>;
  const reading = read();
  memo.set(key, reading);
  reading.catch(() => memo.delete(key));
  return reading;
}
