import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../platform/db/dialect.js';
import type { Db } from '../platform/db/index.js';

/** Positions of the filterable fields in the canonical entry array (entry.ts). Fixed forever. */
const POSITIONS = { at: 2, actorType: 3, actorId: 4, action: 5, targetType: 7, targetId: 8 } as const;

export type EntryField = keyof typeof POSITIONS;

/**
 * SQL that reads one field out of a stored entry's canonical JSON, so filters can be checked
 * against what is hashed rather than against the derived index alone.
 */
export function entryField(db: Db, field: EntryField): RawBuilder<string | number | null> {
  const position = POSITIONS[field];
  if (dialectOf(db as unknown as Kysely<unknown>) === 'sqlite') return sql.raw(`json_extract(entry, '$[${position}]')`);
  return sql.raw(field === 'at' ? `((entry::jsonb)->>${position})::bigint` : `((entry::jsonb)->>${position})`);
}
