import { AppError } from '../platform/errors/index.js';
import type { Db } from '../platform/db/index.js';
import { hashSetupToken } from './setup-token.js';
import { findUsableSetupToken } from './setup-token.store.js';

/**
 * Tells the setup page whether its link still works. Looked up by hash: the comparison never
 * touches the raw token, so its timing says nothing about how close a guess was.
 */
export async function checkSetupToken(db: Db, token: string, now: number = Date.now()): Promise<{ readonly expiresAt: number }> {
  const row = await findUsableSetupToken(db, hashSetupToken(token), now);
  if (!row) throw new AppError('ERR_SETUP_TOKEN_INVALID');
  return { expiresAt: row.expires_at };
}
