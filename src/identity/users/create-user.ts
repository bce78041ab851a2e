import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import type { GrantScopeType } from '../../platform/db/schema.js';
import { addGrant } from '../grants/grant-role.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller, type RecordEvent } from '../record-events.js';
import { issueEnrolmentLink, type EnrolmentLink } from './enrolment-link.js';
import { normaliseEmail, normaliseName } from './user.js';
import { insertUser, userByEmail } from './users.store.js';

export interface NewStaffMember {
  readonly email: string;
  readonly name?: string | undefined;
  /** The first role, granted with the account; none for an account whose roles come later. */
  readonly roleId?: string | undefined;
  readonly scope?: { readonly type: GrantScopeType; readonly id: string | null } | undefined;
  readonly endsAt?: number | undefined;
}

export interface CreatedStaffMember {
  readonly userId: string;
  readonly enrolment: EnrolmentLink;
}

/**
 * Creates an invited account and its one-time enrolment link (from `bolwerk user create` or the
 * admin pages). The account has no password until its owner opens the link, and no access to
 * anything until they have also enrolled a second factor.
 */
export async function createUser(deps: IdentityDeps, caller: Caller, input: NewStaffMember, via: 'cli' | 'admin' = 'admin'): Promise<CreatedStaffMember> {
  const email = normaliseEmail(input.email);
  const name = normaliseName(input.name ?? email.split('@')[0] ?? email);
  const now = deps.now();
  return identityTransaction(deps, caller, async (trx, record) => {
    const userId = await insertNewUser(trx, { email, name, status: 'invited', passwordHash: null, now });
    await grantFirstRole(deps, trx, caller, record, userId, input);
    const enrolment = await issueEnrolmentLink(trx, { publicUrl: deps.publicUrl, userId, createdBy: caller.actor.id ?? caller.actor.type, now });
    record({
      event: 'identity.user.created',
      target: userTarget(userId),
      outcome: 'success',
      details: { roleId: input.roleId ?? null, scopeType: input.scope?.type ?? (input.roleId ? 'all' : null), scopeId: input.scope?.id ?? null, via },
    });
    record({ event: 'identity.enrolment.issued', target: userTarget(userId), outcome: 'success', details: { expiresAt: enrolment.expiresAt } });
    return { userId, enrolment };
  });
}

export async function insertNewUser(
  trx: Db,
  input: { readonly email: string; readonly name: string; readonly status: 'invited' | 'active'; readonly passwordHash: string | null; readonly now: number },
): Promise<string> {
  if (await userByEmail(trx, input.email)) throw new AppError('ERR_USER_EMAIL_TAKEN');
  const userId = randomUUID();
  await insertUser(trx, {
    id: userId,
    email: input.email,
    name: input.name,
    status: input.status,
    password_hash: input.passwordHash,
    totp_secret: null,
    totp_last_step: null,
    mfa_enrolled_at: null,
    oidc_subject: null,
    created_at: input.now,
    updated_at: input.now,
    last_sign_in_at: null,
  });
  return userId;
}

async function grantFirstRole(deps: IdentityDeps, trx: Db, caller: Caller, record: RecordEvent, userId: string, input: NewStaffMember): Promise<void> {
  if (input.roleId === undefined) return;
  await addGrant(deps, trx, caller, record, {
    userId,
    roleId: input.roleId,
    scope: input.scope ?? { type: 'all', id: null },
    startsAt: null,
    endsAt: input.endsAt ?? null,
  });
}
