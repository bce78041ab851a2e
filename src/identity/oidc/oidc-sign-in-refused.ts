import type { UserRow } from '../users/user.js';
import type { OidcRejection } from './oidc-events.js';

/**
 * A single sign-on that must not go on. Internal only: the route turns every one into the same
 * redirect to the sign-in page, and the cause goes into the audit trail, not to the browser.
 */
export class OidcSignInRefused extends Error {
  readonly user: UserRow | undefined;
  /** The e-mail the provider named, for the throttle key in the failure event; never shown. */
  readonly email: string | undefined;

  constructor(
    readonly rejection: OidcRejection,
    options: { readonly cause?: unknown; readonly user?: UserRow; readonly email?: string } = {},
  ) {
    super(`single sign-on refused: ${rejection}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OidcSignInRefused';
    this.user = options.user;
    this.email = options.email;
  }
}
