import { AppError } from '../../platform/errors/index.js';
import { checkPassword, hashPassword } from '../passwords/index.js';

/** Checks a new password against the policy for its owner and hashes it; 400 with the reasons otherwise. */
export async function acceptablePasswordHash(password: string, owner: { readonly email: string; readonly name: string }): Promise<string> {
  const verdict = checkPassword(password, { email: owner.email, displayName: owner.name });
  if (!verdict.ok) throw new AppError('ERR_PASSWORD_REJECTED', verdict.reasons.map((reason) => ({ field: 'password', problem: reason })));
  return hashPassword(password);
}
