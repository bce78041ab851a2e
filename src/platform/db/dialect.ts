import { PostgresAdapter, type Kysely } from 'kysely';

/** Which SQL dialect a Kysely instance speaks; migrations use it for the little that differs. */
export function dialectOf(db: Kysely<unknown>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
