import type { Kysely } from 'kysely';

/** Reserved for identity's oidc tables (filled in by that feature). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
