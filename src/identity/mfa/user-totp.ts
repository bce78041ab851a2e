import { dataKeyFor } from '../../privacy/index.js';
import type { Db } from '../../platform/db/index.js';
import type { Keyring } from '../../platform/crypto/index.js';
import { openTotpSecret, sealTotpSecret, type TotpSecret } from './totp.js';

/** Whose data key seals a staff member's TOTP secret. */
function staffSubject(userId: string) {
  return { type: 'staff', id: userId } as const;
}

export async function sealUserTotpSecret(db: Db, keyring: Keyring, userId: string, secret: TotpSecret, now: number): Promise<string> {
  const key = await dataKeyFor(db, keyring, staffSubject(userId), now);
  if (key === undefined) throw new Error(`the data key of staff user ${userId} was destroyed`);
  return sealTotpSecret(key, userId, secret).toString('base64');
}

export async function openUserTotpSecret(db: Db, keyring: Keyring, userId: string, sealed: string, now: number): Promise<TotpSecret> {
  const key = await dataKeyFor(db, keyring, staffSubject(userId), now);
  if (key === undefined) throw new Error(`the data key of staff user ${userId} was destroyed`);
  return openTotpSecret(key, userId, Buffer.from(sealed, 'base64'));
}
