import type { IdentityDeps } from '../identity-deps.js';
import type { Actor } from '../permissions.js';
import { staffSessionOf } from './session-ceremony.js';
import { credentialsOfUser } from './webauthn.store.js';

/** A key as its owner sees it in their list: no public key, no counter. */
export interface PasskeySummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly backedUp: boolean;
}

/** One's own keys, oldest first. */
export async function listPasskeys(deps: IdentityDeps, actor: Actor): Promise<PasskeySummary[]> {
  const session = staffSessionOf(actor);
  const rows = await credentialsOfUser(deps.db, session.userId);
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at, backedUp: row.backed_up === 1 }));
}
