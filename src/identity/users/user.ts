import type { Selectable } from 'kysely';
import type { UserStatus, UserTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors/index.js';

export type UserRow = Selectable<UserTable>;

/** A staff account as the rest of identity sees it: no password hash, no TOTP secret. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly status: UserStatus;
  readonly mfa: { readonly totp: boolean; readonly enrolledAt: number | null };
  readonly createdAt: number;
  readonly lastSignInAt: number | null;
}

export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    mfa: { totp: row.totp_secret !== null, enrolledAt: row.mfa_enrolled_at },
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

const EMAIL_MAX = 254;
// Deliberately loose: one @, something either side, no spaces or control characters. The
// enrolment link proves the address works; a stricter pattern only refuses real addresses.
const EMAIL_SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/** The one form an e-mail address is stored and looked up in. */
export function normaliseEmail(input: string): string {
  const email = input.trim().normalize('NFC').toLowerCase();
  if (email.length > EMAIL_MAX || !EMAIL_SHAPE.test(email)) {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'email', problem: 'is not an e-mail address' }]);
  }
  return email;
}

const NAME_MAX = 200;

export function normaliseName(input: string): string {
  const name = input.trim().normalize('NFC');
  if (name === '' || name.length > NAME_MAX || /\p{Cc}/u.test(name)) {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'name', problem: `must be 1 to ${NAME_MAX} printable characters` }]);
  }
  return name;
}
