import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { hotInsert, hotQuery, hotRowsQuery, ONE_ROW } from './index.js';

describeEachDatabase('hot queries', (fixture) => {
  const insertToken = hotQuery((db, a: { hash: string; at: number; expiresAt: number; usedAt: number | null }) =>
    db.insertInto('identity_setup_tokens').values({ token_hash: a.hash, created_at: a.at, expires_at: a.expiresAt, used_at: a.usedAt, revoked_at: null }),
  );
  const tokensSince = hotQuery((db, a: { since: number }) =>
    db.selectFrom('identity_setup_tokens').selectAll().where('created_at', '>=', a.since).orderBy('created_at').limit(10),
  );

  it("fills each call's arguments into the one compiled query, constants of the query kept", async () => {
    const { db } = fixture().handle;
    await insertToken.execute(db, { hash: 'a'.repeat(64), at: 100, expiresAt: 101, usedAt: null });
    await insertToken.execute(db, { hash: 'b'.repeat(64), at: 200, expiresAt: 201, usedAt: 250 });
    // The same rows as the query built afresh.
    const plain = await db.selectFrom('identity_setup_tokens').selectAll().where('created_at', '>=', 150).orderBy('created_at').limit(10).execute();
    expect(await tokensSince.all(db, { since: 150 })).toEqual(plain);
    expect(await tokensSince.first(db, { since: 150 })).toMatchObject({ token_hash: 'b'.repeat(64), expires_at: 201, used_at: 250 });
    expect(await tokensSince.all(db, { since: 0 })).toHaveLength(2);
    expect(await tokensSince.first(db, { since: 300 })).toBeUndefined();
  });

  it('writes ONE_ROW into the SQL as a literal, not a parameter, and reads just the first row', async () => {
    const { db } = fixture().handle;
    const firstSince = hotQuery((d, a: { since: number }) => d.selectFrom('identity_setup_tokens').selectAll().where('created_at', '>=', a.since).orderBy('created_at').limit(ONE_ROW));
    await insertToken.execute(db, { hash: 'd'.repeat(64), at: 700, expiresAt: 701, usedAt: null });
    await insertToken.execute(db, { hash: 'e'.repeat(64), at: 800, expiresAt: 801, usedAt: null });
    const compiled = db.selectFrom('identity_setup_tokens').selectAll().where('created_at', '>=', 0).limit(ONE_ROW).compile();
    expect(compiled.sql).toMatch(/ limit 1$/);
    expect(compiled.parameters).toEqual([0]);
    expect(await firstSince.all(db, { since: 0 })).toEqual([expect.objectContaining({ token_hash: 'd'.repeat(64) })]);
    expect(await firstSince.all(db, { since: 750 })).toEqual([expect.objectContaining({ token_hash: 'e'.repeat(64) })]);
  });

  it('runs inside a transaction and sees its writes, which a rollback takes away', async () => {
    const { db } = fixture().handle;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertToken.execute(trx, { hash: 'c'.repeat(64), at: 500, expiresAt: 501, usedAt: null });
        expect(await tokensSince.first(trx, { since: 500 })).toMatchObject({ token_hash: 'c'.repeat(64) });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await tokensSince.first(db, { since: 500 })).toBeUndefined();
  });

  it("outside a transaction never reads another transaction's uncommitted rows, even while that one holds SQLite's only connection", async () => {
    const { db } = fixture().handle;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const written = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await insertToken.execute(trx, { hash: 'd'.repeat(64), at: 700, expiresAt: 701, usedAt: null });
        inserted();
        await held;
        throw new Error('roll back');
      })
      .catch((error: unknown) => error);
    await written;
    // Asked while the transaction is open: SQLite's answer waits for it, PostgreSQL's comes from another connection.
    const outside = tokensSince.first(db, { since: 700 });
    release();
    expect(await outside).toBeUndefined();
    expect(await rolledBack).toMatchObject({ message: 'roll back' });
  });

  it('refuses, on its first call, an argument that would shape the query instead of filling a parameter', async () => {
    const { db } = fixture().handle;
    const shaped = hotQuery((db, a: { newest: boolean }) => db.selectFrom('identity_setup_tokens').selectAll().orderBy('created_at', a.newest ? 'desc' : 'asc'));
    await expect(shaped.all(db, { newest: true })).rejects.toThrow(/argument "newest" does not reach the parameters/);
    const computed = hotQuery((db, a: { at: number }) => db.selectFrom('identity_setup_tokens').selectAll().where('created_at', '=', a.at).where('expires_at', '=', a.at + 1));
    await expect(computed.all(db, { at: 5 })).rejects.toThrow(/computed from an argument/);
  });

  it('inserts a row by the columns it names, and refuses a row that leaves one of them undefined', async () => {
    const { db } = fixture().handle;
    const insert = hotInsert('identity_setup_tokens', ['token_hash', 'created_at', 'expires_at', 'used_at', 'revoked_at']);
    await insert.execute(db, { token_hash: 'e'.repeat(64), created_at: 900, expires_at: 901, used_at: null, revoked_at: 950 });
    await insert.execute(db, { token_hash: 'f'.repeat(64), created_at: 910, expires_at: 911, used_at: 915, revoked_at: null });
    expect(await db.selectFrom('identity_setup_tokens').selectAll().where('created_at', '>=', 900).orderBy('created_at').execute()).toEqual([
      { token_hash: 'e'.repeat(64), created_at: 900, expires_at: 901, used_at: null, revoked_at: 950 },
      { token_hash: 'f'.repeat(64), created_at: 910, expires_at: 911, used_at: 915, revoked_at: null },
    ]);
    await expect(insert.execute(db, { token_hash: 'g'.repeat(64), created_at: 920, expires_at: 921 })).rejects.toThrow(/argument "used_at" is undefined/);
  });

  it('inserts any number of rows through statements built once per row count, in chunks', async () => {
    const { db } = fixture().handle;
    const insert = hotRowsQuery(
      (db, rows: readonly { hash: string; at: number }[]) =>
        db.insertInto('identity_setup_tokens').values(rows.map((r) => ({ token_hash: r.hash, created_at: r.at, expires_at: r.at, used_at: null, revoked_at: null }))),
      4,
    );
    await insert.execute(db, []);
    const rows = Array.from({ length: 11 }, (_, i) => ({ hash: String(i).padStart(64, '0'), at: 1_000 + i }));
    await insert.execute(db, rows.slice(0, 3));
    await insert.execute(db, rows.slice(3));
    const stored = await db.selectFrom('identity_setup_tokens').select(['token_hash', 'created_at']).orderBy('created_at').execute();
    expect(stored).toEqual(rows.map((r) => ({ token_hash: r.hash, created_at: r.at })));
  });
});

