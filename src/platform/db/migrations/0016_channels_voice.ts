import type { Kysely } from 'kysely';

/** The call recordings (calls, replay guard) tables. (Filled in by the work that needs them; an empty migration is harmless.) */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
