import type { Db } from '../../platform/db/index.js';
import type { UserRow } from '../users/user.js';
import { countCredentialsOfUser } from '../webauthn/webauthn.store.js';

export type Factor = 'totp' | 'webauthn';

/** The second factors an account has enrolled; with none it must enrol one before it can do anything. */
export async function factorsOf(db: Db, user: UserRow): Promise<Factor[]> {
  const factors: Factor[] = [];
  if (user.totp_secret !== null) factors.push('totp');
  if ((await countCredentialsOfUser(db, user.id)) > 0) factors.push('webauthn');
  return factors;
}
