import { sql, type Compilable, type CompiledQuery, type Insertable, type Kysely, type QueryResult, type SqliteDatabase } from 'kysely';
import type { Db } from './open-database.js';
import type { Database } from './schema.js';

/**
 * SQLite connections (their statement caches) by the Kysely adapter of the database they serve.
 * A SQLite database has one connection, which a transaction holds from begin to commit; inside
 * one, a hot query runs its statement on it directly, as Kysely's SQLite driver would, without
 * the half a dozen promise hops of Kysely's executor, connection provider and mutex per query.
 */
const directConnections = new WeakMap<object, SqliteDatabase>();

/** Called once by openDatabase for each SQLite database. */
export function runHotQueriesDirectly(db: Db, connection: SqliteDatabase): void {
  directConnections.set(db.getExecutor().adapter, connection);
}

/** What Kysely's SQLite connection answers for a statement (kysely/dist/esm/dialect/sqlite/sqlite-driver.js). */
function runDirectly<R>(connection: SqliteDatabase, sql: string, parameters: readonly unknown[]): QueryResult<R> {
  const statement = connection.prepare(sql);
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}

interface Compiled {
  readonly query: CompiledQuery;
  /** Builds one call's parameters: each argument in its parameter place, the query's own constants in theirs. */
  readonly fill: (args: object) => unknown[];
}

/** Named arguments: any object type (an interface too), read by property. */
type Args = object;

export interface HotQuery<A extends Args, R> {
  /** Runs the query with these arguments in their parameter places. */
  execute(db: Db, args: A): Promise<QueryResult<R>>;
  all(db: Db, args: A): Promise<R[]>;
  first(db: Db, args: A): Promise<R | undefined>;
}

/** A placeholder no real argument can equal: it marks where an argument lands among the parameters. */
const MARKER = '\u0000bolwerk-hot-query-argument:';
const marker = (name: string): string => `${MARKER}${name}\u0000`;

/**
 * A query of the customer-message hot path, built and compiled by Kysely once per dialect instead
 * of on every call: building and compiling cost about as much as SQLite takes to run such a query.
 * `build` is called once, with a stand-in whose every property is a marker; afterwards each call
 * only puts its arguments' values where the markers were. The same SQL text each time also lets
 * the statement cache find its prepared statement by the one string.
 *
 * So that the shape can never depend on an argument, arguments are scalars that reach the query as
 * parameters (`where(col, '=', a.x)`, a value of `values({...})` or `set({...})`): no `in` lists,
 * no branches or arithmetic on an argument, and `null` rather than `undefined` for an absent value.
 * An argument read but not in the parameters, or a parameter computed from one, fails the first
 * call, loudly.
 */
export function hotQuery<A extends Args, R>(build: (db: Db, args: A) => Compilable<R>): HotQuery<A, R> {
  // Keyed by the dialect's adapter, which a transaction shares with the database it runs on.
  const byAdapter = new WeakMap<object, Compiled>();

  function compile(db: Db): Compiled {
    const read = new Set<string>();
    const standIn = new Proxy({}, {
      get: (_target, name) => {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return marker(name);
      },
    }) as A;
    const query = build(db, standIn).compile();
    const slots = query.parameters.map((p) => {
      if (typeof p === 'string' && p.startsWith(MARKER) && p.endsWith('\u0000')) {
        const name = p.slice(MARKER.length, -1);
        if (read.has(name) && marker(name) === p) return name;
      }
      // A value computed from an argument (`a.at + 1`, a template) would be frozen at the marker's value.
      if ((typeof p === 'string' && p.includes(MARKER)) || Number.isNaN(p)) {
        throw new Error(`hotQuery: a parameter is computed from an argument instead of being one, in: ${query.sql}`);
      }
      return undefined;
    });
    for (const name of read) {
      if (!slots.includes(name)) throw new Error(`hotQuery: argument "${name}" does not reach the parameters of: ${query.sql}`);
    }
    return { query, fill: parameterFiller(slots, query.parameters) };
  }

  async function execute(db: Db, args: A): Promise<QueryResult<R>> {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (compiled === undefined) {
      compiled = compile(db);
      byAdapter.set(adapter, compiled);
    }
    const { query, fill } = compiled;
    return executeCompiled<R>(db, { query: query.query, queryId: query.queryId, sql: query.sql, parameters: fill(args) });
  }

  return {
    execute,
    all: async (db, args) => (await execute(db, args)).rows,
    first: async (db, args) => (await execute(db, args)).rows[0],
  };
}

/**
 * Runs a compiled query: inside a SQLite transaction directly on its connection, otherwise through
 * Kysely. Only in a transaction: outside one, another caller's transaction may hold the
 * connection, and Kysely's mutex is what keeps this query out of it.
 */
export async function executeCompiled<R>(db: Db, query: CompiledQuery): Promise<QueryResult<R>> {
  if (db.isTransaction) {
    const connection = directConnections.get(db.getExecutor().adapter);
    if (connection !== undefined) return runDirectly<R>(connection, query.sql, query.parameters);
  }
  return db.executeQuery<R>(query);
}

/**
 * The parameters of one call as a function made for this query: reading each argument by its own
 * name in straight-line code keeps every read a monomorphic property load, where a loop over the
 * names read them through one megamorphic keyed load (a measurable share of the hot path). The
 * names are the query's own (from `build`), quoted with JSON.stringify, never a caller's values.
 */
function parameterFiller(slots: readonly (string | undefined)[], constants: readonly unknown[]): (args: object) => unknown[] {
  const items = slots.map((slot, i) => (slot === undefined ? `c[${i}]` : `v(a[${JSON.stringify(slot)}], ${JSON.stringify(slot)})`));
  const make = new Function('c', 'v', `return (a) => [${items.join(', ')}];`) as (c: readonly unknown[], v: (value: unknown, name: string) => unknown) => (args: object) => unknown[];
  return make(constants, defined);
}

function defined(value: unknown, name: string): unknown {
  // Kysely leaves an undefined value out of the SQL; here it would become a wrong parameter.
  if (value === undefined) throw new Error(`hotQuery: argument "${name}" is undefined (pass null)`);
  return value;
}

/**
 * An INSERT of one row into `table`, naming `columns`, each filled from the row's property of the
 * same name (which must be present: null, not undefined, for an empty one).
 */
export function hotInsert<T extends keyof Database & string>(table: T, columns: readonly (keyof Insertable<Database[T]> & string)[]): HotQuery<Insertable<Database[T]>, unknown> {
  // Kysely's types cannot follow a table chosen by a type parameter; the columns above are checked against it instead.
  const untyped = (db: Db) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  return hotQuery((db, row: Insertable<Database[T]>) =>
    untyped(db)
      .insertInto(table)
      .values(Object.fromEntries(columns.map((column) => [column, (row as Record<string, unknown>)[column]]))),
  );
}

export interface HotRowsQuery<Row extends object> {
  /** Runs the statement for these rows, `maxRows` at a time; nothing for none. */
  execute(db: Db, rows: readonly Row[]): Promise<void>;
}

/**
 * A hot statement over a number of rows (a multi-row insert): one hotQuery per row count, each
 * built once. `build` reads each row's fields by name (list them: a stand-in row has no keys to
 * spread), and rows passed in carry exactly those fields as own properties.
 */
export function hotRowsQuery<Row extends object>(build: (db: Db, rows: readonly Row[]) => Compilable<unknown>, maxRows = 32): HotRowsQuery<Row> {
  const bySize = new Map<number, HotQuery<Record<string, unknown>, unknown>>();
  const forSize = (n: number) => {
    let query = bySize.get(n);
    if (query === undefined) {
      query = hotQuery((db, a: Record<string, unknown>) =>
        build(
          db,
          Array.from({ length: n }, (_, i) => new Proxy({}, { get: (_target, name) => (typeof name === 'string' ? a[`${i}:${name}`] : undefined) }) as Row),
        ),
      );
      bySize.set(n, query);
    }
    return query;
  };
  return {
    async execute(db, rows) {
      for (let start = 0; start < rows.length; start += maxRows) {
        const chunk = rows.slice(start, start + maxRows);
        const args: Record<string, unknown> = {};
        for (const [i, row] of chunk.entries()) {
          for (const [name, value] of Object.entries(row)) args[`${i}:${name}`] = value;
        }
        await forSize(chunk.length).execute(db, args);
      }
    },
  };
}

/**
 * `limit 1` written into the SQL instead of bound as a parameter: use `.limit(ONE_ROW)` where a
 * query would say `.limit(1)`. SQLite plans with the value of a bound LIMIT, so binding it (which
 * every run does) expires the prepared statement and the next run prepares it again. Measured
 * with better-sqlite3 (SQLite 3.53): a one-row lookup by an index took 16 µs, 5 µs with the literal.
 */
export const ONE_ROW = sql.lit(1);
