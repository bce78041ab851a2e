import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { wrapContext } from '../subject-keys.js';

/**
 * Master key rotation, second half: after `addMasterKeyVersion` (and a reload of the keyring),
 * every subject's data key is re-wrapped under the new master key version. The data itself is
 * not touched: it stays encrypted under the same data keys. When this has run on every node's
 * database, the old master key version can be removed from the key file.
 */
export interface RewrapReport {
  /** Keys now wrapped under the current master key version that were not before. */
  readonly rewrapped: number;
  readonly alreadyCurrent: number;
  /** Keys that changed (were destroyed or re-wrapped elsewhere) while this ran; left as they are. */
  readonly changedMeanwhile: number;
}

const PAGE_SIZE = 500;


export async function rewrapSubjectKeys(db: Db, keyring: Keyring): Promise<RewrapReport> {
  let rewrapped = 0;
  let alreadyCurrent = 0;
  let changedMeanwhile = 0;
  let after: { readonly type: string; readonly id: string } | undefined;
  for (;;) {
    const page = await nextPage(db, after);
    for (const row of page) {
      const outcome = await rewrapOne(db, keyring, row);
      if (outcome === 'rewrapped') rewrapped++;
      else if (outcome === 'current') alreadyCurrent++;
      else changedMeanwhile++;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE_SIZE) break;
    after = { type: last.subject_type, id: last.subject_id };
  }
  return { rewrapped, alreadyCurrent, changedMeanwhile };
}

interface KeyRow {
  readonly subject_type: string;
  readonly subject_id: string;
  readonly wrapped_key: string | null;
}

/** Keyset pagination over live keys, so a large table is walked in bounded memory. */
async function nextPage(db: Db, after: { readonly type: string; readonly id: string } | undefined): Promise<KeyRow[]> {
  let query = db
    .selectFrom('privacy_subject_keys')
    .select(['subject_type', 'subject_id', 'wrapped_key'])
    .where('wrapped_key', 'is not', null)
    .where('destroyed_at', 'is', null);
  if (after !== undefined) {
    query = query.where((eb) => eb.or([eb('subject_type', '>', after.type), eb.and([eb('subject_type', '=', after.type), eb('subject_id', '>', after.id)])]));
  }
  return query.orderBy('subject_type').orderBy('subject_id').limit(PAGE_SIZE).execute();
}

async function rewrapOne(db: Db, keyring: Keyring, row: KeyRow): Promise<'rewrapped' | 'current' | 'changed'> {
  // Guard: the query excludes these; a null here means the row changed under us.
  if (row.wrapped_key === null) return 'changed';
  const old = Buffer.from(row.wrapped_key, 'base64');
  const fresh = keyring.rewrapDataKey(old, wrapContext({ type: row.subject_type, id: row.subject_id }));
  if (fresh.equals(old)) return 'current';
  // Compare-and-set on the old wrap: a key destroyed meanwhile must stay destroyed, never be written back.
  const result = await db
    .updateTable('privacy_subject_keys')
    .set({ wrapped_key: fresh.toString('base64') })
    .where('subject_type', '=', row.subject_type)
    .where('subject_id', '=', row.subject_id)
    .where('wrapped_key', '=', row.wrapped_key)
    .where('destroyed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n ? 'rewrapped' : 'changed';
}
