import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { VoiceCallTable } from './voice.tables.js';

export type VoiceCallRow = Selectable<VoiceCallTable>;

/** Remembers a signature; false if it was already there (a replay). */
export async function rememberSignature(db: Db, row: { readonly signatureHash: string; readonly inboxId: string; readonly seenAt: number }): Promise<boolean> {
  const inserted = await db
    .insertInto('voice_signatures')
    .values({ signature_hash: row.signatureHash, inbox_id: row.inboxId, seen_at: row.seenAt })
    .onConflict((oc) => oc.column('signature_hash').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Signatures seen before `before` can no longer pass the timestamp window: forgotten. */
export async function forgetSignaturesBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('voice_signatures').where('seen_at', '<', before).execute();
}

export async function callByRef(db: Db, inboxId: string, callRef: string): Promise<VoiceCallRow | undefined> {
  return db.selectFrom('voice_calls').selectAll().where('inbox_id', '=', inboxId).where('call_ref', '=', callRef).executeTakeFirst();
}

/** Takes a call on; false if another delivery holds it (the primary key decides a race). */
export async function claimCall(db: Db, row: Insertable<VoiceCallTable>): Promise<boolean> {
  const inserted = await db.insertInto('voice_calls').values(row).onConflict((oc) => oc.columns(['inbox_id', 'call_ref']).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Takes over a claim that has not moved since `claimedAt` (its attempt died); false if someone else did first. */
export async function takeOverCall(db: Db, inboxId: string, callRef: string, claimedAt: number, now: number): Promise<boolean> {
  const updated = await db
    .updateTable('voice_calls')
    .set({ claimed_at: now })
    .where('inbox_id', '=', inboxId)
    .where('call_ref', '=', callRef)
    .where('status', '=', 'processing')
    .where('claimed_at', '=', claimedAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function completeCall(
  db: Db,
  inboxId: string,
  callRef: string,
  result: { readonly conversationId: string; readonly messageId: string; readonly maskedSpans: string; readonly durationMs: number; readonly now: number },
): Promise<void> {
  await db
    .updateTable('voice_calls')
    .set({ status: 'stored', conversation_id: result.conversationId, message_id: result.messageId, masked_spans: result.maskedSpans, duration_ms: result.durationMs, stored_at: result.now })
    .where('inbox_id', '=', inboxId)
    .where('call_ref', '=', callRef)
    .execute();
}

/** Lets go of a claim whose delivery was refused, so a corrected delivery of the call can be stored. */
export async function releaseCall(db: Db, inboxId: string, callRef: string): Promise<void> {
  await db.deleteFrom('voice_calls').where('inbox_id', '=', inboxId).where('call_ref', '=', callRef).where('status', '=', 'processing').execute();
}
