import type { GrantScopeType, UserStatus } from '../platform/db/schema.js';
import { apiTokenEventVersions, type ApiTokenEvents } from './api-tokens/api-tokens-events.js';
import { oidcEventVersions, type OidcEvents } from './oidc/oidc-events.js';
import { accessReviewEventVersions, type AccessReviewEvents } from './reviews/reviews-events.js';
import { webauthnEventVersions, type WebauthnEvents } from './webauthn/webauthn-events.js';

/** How a sign-in step failed: recorded, never shown (the person sees one generic answer). */
export type SignInFailure =
  | 'unknown-account'
  | 'wrong-password'
  | 'account-not-active'
  | 'throttled'
  | 'wrong-code'
  | 'replayed-code'
  | 'malformed-code'
  | 'wrong-recovery-code'
  | 'too-many-codes'
  | 'webauthn-failed'
  | 'oidc-failed';

export type SecondFactor = 'totp' | 'webauthn' | 'recovery-code' | 'oidc-mfa';

/**
 * Every identity event: an audit entry (action = the key) and a `security.identity` bus event
 * (the monitoring issue consumes them). Details hold ids and facts, never an e-mail or a secret.
 */
export interface IdentityEvents extends WebauthnEvents, ApiTokenEvents, AccessReviewEvents, OidcEvents {
  'identity.setup.completed': { readonly userId: string };
  'identity.user.created': { readonly roleId: string | null; readonly scopeType: GrantScopeType | null; readonly scopeId: string | null; readonly via: 'setup' | 'cli' | 'admin' | 'oidc' };
  'identity.user.status-changed': { readonly from: UserStatus; readonly to: UserStatus };
  'identity.enrolment.issued': { readonly expiresAt: number };
  'identity.enrolment.completed': { readonly userId: string };
  'identity.sign-in.succeeded': { readonly factor: SecondFactor; readonly method: 'password' | 'oidc'; readonly sessionId: string };
  /** `account` is the SHA-256 of the typed e-mail, so attempts on one name can be grouped without storing it. */
  'identity.sign-in.failed': { readonly stage: 'password' | 'second-factor' | 'oidc'; readonly reason: SignInFailure; readonly account: string | null };
  'identity.signed-out': { readonly sessionId: string };
  'identity.step-up.succeeded': { readonly factor: SecondFactor };
  'identity.step-up.failed': { readonly factor: SecondFactor; readonly reason: SignInFailure };
  'identity.mfa.enrolled': { readonly factor: 'totp' | 'webauthn' };
  'identity.mfa.reset': { readonly userId: string };
  'identity.recovery-code.used': { readonly remaining: number };
  'identity.recovery-codes.issued': { readonly count: number };
  'identity.password.changed': { readonly sessionsEnded: number };
  'identity.session.ended': { readonly sessionId: string; readonly reason: string };
  'identity.sessions.ended': { readonly reason: string; readonly count: number };
  'identity.csrf.rejected': { readonly verdict: string; readonly method: string; readonly route: string };
  'identity.role.created': { readonly roleId: string; readonly permissions: readonly string[] };
  'identity.role.changed': { readonly roleId: string; readonly permissions: readonly string[] };
  'identity.role.deleted': { readonly roleId: string };
  'identity.grant.created': {
    readonly grantId: string;
    readonly userId: string;
    readonly roleId: string;
    readonly scopeType: GrantScopeType;
    readonly scopeId: string | null;
    readonly startsAt: number | null;
    readonly endsAt: number | null;
  };
  'identity.grant.revoked': { readonly grantId: string; readonly userId: string; readonly reason: string };
  'identity.grant.extension-requested': { readonly grantId: string; readonly extensionId: string; readonly requestedEndsAt: number };
  'identity.grant.extension-decided': { readonly grantId: string; readonly extensionId: string; readonly decision: 'approved' | 'rejected' };
  'identity.team.created': { readonly teamId: string };
  'identity.team.member-added': { readonly teamId: string; readonly userId: string };
  'identity.team.member-removed': { readonly teamId: string; readonly userId: string };
}

export type IdentityEventName = keyof IdentityEvents;

/** Version of each event's details shape (the audit trail's action version). */
export const identityEventVersions: { readonly [E in IdentityEventName]: 1 } = {
  'identity.setup.completed': 1,
  'identity.user.created': 1,
  'identity.user.status-changed': 1,
  'identity.enrolment.issued': 1,
  'identity.enrolment.completed': 1,
  'identity.sign-in.succeeded': 1,
  'identity.sign-in.failed': 1,
  'identity.signed-out': 1,
  'identity.step-up.succeeded': 1,
  'identity.step-up.failed': 1,
  'identity.mfa.enrolled': 1,
  'identity.mfa.reset': 1,
  'identity.recovery-code.used': 1,
  'identity.recovery-codes.issued': 1,
  'identity.password.changed': 1,
  'identity.session.ended': 1,
  'identity.sessions.ended': 1,
  'identity.csrf.rejected': 1,
  'identity.role.created': 1,
  'identity.role.changed': 1,
  'identity.role.deleted': 1,
  'identity.grant.created': 1,
  'identity.grant.revoked': 1,
  'identity.grant.extension-requested': 1,
  'identity.grant.extension-decided': 1,
  'identity.team.created': 1,
  'identity.team.member-added': 1,
  'identity.team.member-removed': 1,
  ...webauthnEventVersions,
  ...apiTokenEventVersions,
  ...accessReviewEventVersions,
  ...oidcEventVersions,
};

/** The bus form: one event name, discriminated by `event`. */
export type IdentitySecurityEvent = {
  readonly [E in IdentityEventName]: {
    readonly event: E;
    readonly outcome: 'success' | 'failure' | 'denied';
    readonly actorType: string;
    readonly actorId: string | null;
    readonly targetType: string | null;
    readonly targetId: string | null;
    readonly sourceIp: string | null;
    readonly details: IdentityEvents[E];
  };
}[IdentityEventName];
