import type { Kysely } from 'kysely';

/** The web chat (visitor rate limits, widget sessions) tables. (Filled in by the work that needs them; an empty migration is harmless.) */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
