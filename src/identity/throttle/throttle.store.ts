import type { Db } from '../../platform/db/index.js';
import type { LoginAttemptTable } from '../../platform/db/schema.js';

/** Kysely queries for sign-in attempts (identity owns identity_login_attempts). */

export type KeyKind = LoginAttemptTable['key_kind'];

export interface AttemptKeys {
  readonly account: string;
  readonly address: string;
}

/** One row per key, so each window counts the attempt. */
export async function insertAttempt(db: Db, keys: AttemptKeys, at: number, ok: 0 | 1): Promise<void> {
  await db
    .insertInto('identity_login_attempts')
    .values([
      { key_kind: 'account', key: keys.account, at, ok },
      { key_kind: 'address', key: keys.address, at, ok },
    ])
    .execute();
}

/** The latest success on a key since `since`, or undefined. */
export async function latestSuccessSince(db: Db, kind: KeyKind, key: string, since: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('identity_login_attempts')
    .select((eb) => eb.fn.max('at').as('latest'))
    .where('key_kind', '=', kind)
    .where('key', '=', key)
    .where('ok', '=', 1)
    .where('at', '>', since)
    .executeTakeFirst();
  return row?.latest === null || row?.latest === undefined ? undefined : Number(row.latest);
}

/** How many failures a key has after `since`, and when the latest was. */
export async function failuresSince(db: Db, kind: KeyKind, key: string, since: number): Promise<{ readonly count: number; readonly latestAt: number }> {
  const row = await db
    .selectFrom('identity_login_attempts')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('at').as('latest')])
    .where('key_kind', '=', kind)
    .where('key', '=', key)
    .where('ok', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), latestAt: Number(row.latest ?? 0) };
}

/** Removes every attempt at or before `before`. Returns how many went. */
export async function deleteAttemptsUpTo(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('identity_login_attempts').where('at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
