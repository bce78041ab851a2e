import type { Db } from '../../platform/db/index.js';
import { normaliseEmail, type UserRow } from '../users/user.js';
import { userByEmail, userByOidcSubject } from '../users/users.store.js';
import { OidcSignInRefused } from './oidc-sign-in-refused.js';

/** Who the provider says signed in, from a checked ID token (and userinfo for the e-mail). */
export interface ProviderIdentity {
  /** `<issuer> <sub>`: the one stable, unique name of a person at a provider (OIDC Core §5.7). */
  readonly subject: string;
  readonly email: string | undefined;
  /** Only `true` counts; a missing or any other value is "not verified". */
  readonly emailVerified: boolean;
}

export type AccountMatch =
  /** Signed on before: found by subject. */
  | { readonly kind: 'linked'; readonly user: UserRow }
  /** First sign-on: found by the provider's verified e-mail; link it now. */
  | { readonly kind: 'link'; readonly user: UserRow };

/**
 * The staff account a provider identity may sign in to. Single sign-on creates no accounts:
 * an administrator adds people, and SSO signs in only those. An account is found by its linked
 * subject; failing that, once, by e-mail, and only when the provider vouches for the address
 * (email_verified), the account is active and not linked to anyone else. So a second identity
 * with the same address (a reused mailbox, a provider that lets people pick their address)
 * cannot take over an account that is already linked. Throws OidcSignInRefused otherwise.
 */
export async function matchOidcAccount(db: Db, identity: ProviderIdentity): Promise<AccountMatch> {
  const linked = await userByOidcSubject(db, identity.subject);
  if (linked) {
    // Linked, but suspended, deactivated or not yet enrolled: the provider cannot override that.
    if (linked.status !== 'active') throw new OidcSignInRefused('account-not-active', { user: linked, email: linked.email });
    return { kind: 'linked', user: linked };
  }
  const email = emailOf(identity.email);
  // Without an address there is nothing to match a never-linked identity by.
  if (email === undefined) throw new OidcSignInRefused('no-account');
  const user = await userByEmail(db, email);
  // Nobody by that address: no account is made for them.
  if (!user) throw new OidcSignInRefused('no-account', { email });
  // The provider only repeats what someone typed: linking on it would let anyone claim any address.
  if (!identity.emailVerified) throw new OidcSignInRefused('email-not-verified', { user, email });
  // Already paired with another identity: the first link stands (no takeover by a look-alike).
  if (user.oidc_subject !== null) throw new OidcSignInRefused('linked-elsewhere', { user, email });
  // Invited accounts finish their enrolment link first; suspended and deactivated ones stay out.
  if (user.status !== 'active') throw new OidcSignInRefused('account-not-active', { user, email });
  return { kind: 'link', user };
}

function emailOf(claim: string | undefined): string | undefined {
  if (claim === undefined) return undefined;
  try {
    return normaliseEmail(claim);
  } catch {
    // Not an address at all: it cannot name an account.
    return undefined;
  }
}
