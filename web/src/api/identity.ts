import { ApiError, apiJson, apiSend } from './api-error';

// Identity's API (src/identity/routes/*.ts, schemas in src/identity/identity.schemas.ts). The
// server's response schemas whitelist every field; answers are checked here for their outline.

// ---- Shapes ---------------------------------------------------------------------------------

export interface NextStep {
  readonly next: 'second-factor' | 'enrol-second-factor';
  /** For 'second-factor': 'totp', 'webauthn' and 'recovery-code', as this account has them. */
  readonly factors: readonly string[];
  readonly expiresAt: string;
}

export interface SignedIn {
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  /** Only right after enrolling a second factor: shown once, never again. */
  readonly recoveryCodes?: readonly string[];
  /** Only after signing in with a recovery code. */
  readonly remainingRecoveryCodes?: number;
}

export interface PasswordStrength {
  readonly ok: boolean;
  /** zxcvbn's 0 (guessable at once) … 4 (very hard to guess). */
  readonly score: number;
  /** Policy problems: too-short, too-long, common, contains-personal-info, … */
  readonly problems: readonly string[];
  /** zxcvbn suggestion codes. */
  readonly suggestions: readonly string[];
  /** zxcvbn warning code. */
  readonly warning: string | null;
}

export interface CurrentSession {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly permissions: readonly string[];
  readonly csrfToken: string;
  readonly sessionId: string;
  readonly mfaAt: string | null;
  readonly stepUpUntil: string | null;
}

export interface SessionView {
  readonly id: string;
  readonly current: boolean;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly userAgent: string | null;
  readonly sourceIp: string | null;
}

export type ScopeType = 'all' | 'team' | 'inbox';

export interface Scope {
  readonly type: ScopeType;
  readonly id: string | null;
}

export interface GrantView {
  readonly id: string;
  readonly userId: string;
  readonly roleId: string;
  readonly scope: Scope;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly inForce: boolean;
}

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly status: string;
  readonly mfaEnrolled: boolean;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
  readonly grants: readonly GrantView[];
  readonly teams: readonly string[];
}

export interface RoleView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly builtIn: boolean;
}

export interface PermissionInfo {
  readonly name: string;
  readonly label: string;
  readonly content: boolean;
}

export interface RoleCatalogue {
  readonly roles: readonly RoleView[];
  readonly permissions: readonly PermissionInfo[];
}

export interface TeamView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly members: readonly string[];
}

export interface ExtensionRequest {
  readonly id: string;
  readonly grantId: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly requestedEndsAt: string;
  readonly reason: string;
}

export interface Passkey {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface CreatedUser {
  readonly userId: string;
  readonly enrolmentUrl: string;
  readonly expiresAt: string;
}

export interface SsoInfo {
  readonly enabled: boolean;
  readonly label: string | null;
}

// ---- Setup and enrolment ----------------------------------------------------------------------

export async function checkSetupToken(token: string): Promise<{ expiresAt: string }> {
  return shaped(await apiSend('POST', '/api/v1/setup/check', { token }), (b) => typeof b.expiresAt === 'string');
}

export async function completeSetup(input: { token: string; email: string; name: string; password: string }): Promise<NextStep> {
  return shaped(await apiSend('POST', '/api/v1/setup/complete', input), isNextStep);
}

export async function checkEnrolment(token: string): Promise<{ email: string; name: string; expiresAt: string }> {
  return shaped(await apiSend('POST', '/api/v1/enrolment/check', { token }), (b) => typeof b.email === 'string' && typeof b.name === 'string');
}

export async function completeEnrolment(input: { token: string; password: string }): Promise<NextStep> {
  return shaped(await apiSend('POST', '/api/v1/enrolment/complete', input), isNextStep);
}

export async function passwordStrength(
  input: { password: string; email?: string; name?: string },
  signal?: AbortSignal,
): Promise<PasswordStrength> {
  return shaped(await apiSend('POST', '/api/v1/password/strength', input, signal ? { signal } : {}), (b) => typeof b.ok === 'boolean' && typeof b.score === 'number' && Array.isArray(b.problems));
}

// ---- Signing in -------------------------------------------------------------------------------

export async function signInWithPassword(input: { email: string; password: string }): Promise<NextStep> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/password', input), isNextStep);
}

export async function signInWithTotp(code: string): Promise<SignedIn> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/totp', { code }), isSignedIn);
}

export async function signInWithRecoveryCode(code: string): Promise<SignedIn> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/recovery-code', { code }), isSignedIn);
}

/** The passkey challenge for signing in; the server answers WebAuthn's request options as JSON. */
export async function webauthnSignInOptions(): Promise<unknown> {
  return optionsOf(await apiSend('POST', '/api/v1/sign-in/webauthn/options'));
}

export async function webauthnSignInVerify(response: unknown): Promise<SignedIn> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/webauthn/verify', { response }), isSignedIn);
}

export async function beginTotpEnrolment(): Promise<{ uri: string; secret: string }> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/enrol/totp'), (b) => typeof b.uri === 'string' && typeof b.secret === 'string');
}

export async function confirmTotpEnrolment(code: string): Promise<SignedIn> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/enrol/totp/confirm', { code }), isSignedIn);
}

export async function webauthnEnrolmentOptions(): Promise<unknown> {
  return optionsOf(await apiSend('POST', '/api/v1/sign-in/enrol/webauthn/options'));
}

export async function webauthnEnrolmentVerify(response: unknown): Promise<SignedIn> {
  return shaped(await apiSend('POST', '/api/v1/sign-in/enrol/webauthn/verify', { response }), isSignedIn);
}

/** Whether single sign-on is set up; a server without the SSO routes counts as "not set up". */
export async function fetchSso(signal: AbortSignal): Promise<SsoInfo> {
  try {
    const body = await apiJson('/api/v1/sign-in/oidc', { signal });
    if (!isRecord(body) || body.enabled !== true) return { enabled: false, label: null };
    return { enabled: true, label: typeof body.label === 'string' && body.label.trim() !== '' ? body.label : null };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { enabled: false, label: null };
    throw error;
  }
}

export const ssoStartUrl = '/api/v1/sign-in/oidc/start';

// ---- One's own account --------------------------------------------------------------------------

export async function fetchMe(signal?: AbortSignal): Promise<CurrentSession> {
  return shaped(await apiJson('/api/v1/me', signal ? { signal } : {}), (b) => isRecord(b.user) && Array.isArray(b.permissions) && typeof b.csrfToken === 'string');
}

export async function signOut(): Promise<void> {
  await apiSend('POST', '/api/v1/me/sign-out');
}

export async function stepUpWithTotp(code: string): Promise<{ stepUpUntil: string }> {
  return shaped(await apiSend('POST', '/api/v1/me/step-up/totp', { code }), (b) => typeof b.stepUpUntil === 'string');
}

export async function stepUpWebauthnOptions(): Promise<unknown> {
  return optionsOf(await apiSend('POST', '/api/v1/me/step-up/webauthn/options'));
}

export async function stepUpWebauthnVerify(response: unknown): Promise<{ stepUpUntil: string }> {
  return shaped(await apiSend('POST', '/api/v1/me/step-up/webauthn/verify', { response }), (b) => typeof b.stepUpUntil === 'string');
}

export async function fetchMySessions(): Promise<readonly SessionView[]> {
  return shaped<{ sessions: readonly SessionView[] }>(await apiJson('/api/v1/me/sessions'), (b) => Array.isArray(b.sessions)).sessions;
}

export async function endMySession(sessionId: string): Promise<void> {
  await apiSend('DELETE', `/api/v1/me/sessions/${encodeURIComponent(sessionId)}`);
}

export async function changePassword(input: { current: string; next: string }): Promise<void> {
  await apiSend('POST', '/api/v1/me/password', input);
}

export async function fetchMyGrants(): Promise<readonly GrantView[]> {
  return shaped<{ grants: readonly GrantView[] }>(await apiJson('/api/v1/me/grants'), (b) => Array.isArray(b.grants)).grants;
}

/** Your passkeys; null when this server has no passkey support yet (404). */
export async function fetchMyPasskeys(): Promise<readonly Passkey[] | null> {
  try {
    const body = await apiJson('/api/v1/me/passkeys');
    if (isRecord(body) && Array.isArray(body.passkeys)) return body.passkeys as readonly Passkey[];
    if (Array.isArray(body)) return body as readonly Passkey[];
    throw unexpected();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'ERR_HTTP_NOT_FOUND') return null;
    throw error;
  }
}

/** Creation options for adding another passkey (needs step-up). */
export async function addPasskeyOptions(): Promise<unknown> {
  return optionsOf(await apiSend('POST', '/api/v1/me/passkeys/options'));
}

export async function addPasskeyVerify(response: unknown, name?: string): Promise<{ id: string }> {
  return shaped(await apiSend('POST', '/api/v1/me/passkeys/verify', { response, ...(name !== undefined && name !== '' ? { name } : {}) }), (b) => typeof b.id === 'string');
}

export async function removePasskey(id: string): Promise<void> {
  await apiSend('DELETE', `/api/v1/me/passkeys/${encodeURIComponent(id)}`);
}

// ---- Administration ---------------------------------------------------------------------------

export async function fetchUsers(): Promise<readonly UserView[]> {
  return shaped<{ users: readonly UserView[] }>(await apiJson('/api/v1/users'), (b) => Array.isArray(b.users)).users;
}

export async function createUser(input: { email: string; name?: string; roleId?: string; scope?: Scope; endsAt?: string }): Promise<CreatedUser> {
  return shaped(await apiSend('POST', '/api/v1/users', input), (b) => typeof b.enrolmentUrl === 'string' && typeof b.userId === 'string');
}

export async function reissueEnrolmentLink(userId: string): Promise<{ enrolmentUrl: string; expiresAt: string }> {
  return shaped(await apiSend('POST', `/api/v1/users/${encodeURIComponent(userId)}/enrolment-link`), (b) => typeof b.enrolmentUrl === 'string');
}

export type UserStatus = 'active' | 'suspended' | 'deactivated';

export async function setUserStatus(userId: string, status: UserStatus): Promise<void> {
  await apiSend('PUT', `/api/v1/users/${encodeURIComponent(userId)}/status`, { status });
}

export async function resetMfa(userId: string): Promise<void> {
  await apiSend('POST', `/api/v1/users/${encodeURIComponent(userId)}/mfa-reset`);
}

export async function fetchUserSessions(userId: string): Promise<readonly SessionView[]> {
  return shaped<{ sessions: readonly SessionView[] }>(await apiJson(`/api/v1/users/${encodeURIComponent(userId)}/sessions`), (b) => Array.isArray(b.sessions)).sessions;
}

export async function endUserSession(userId: string, sessionId: string): Promise<void> {
  await apiSend('DELETE', `/api/v1/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`);
}

export async function grantRole(input: { userId: string; roleId: string; scope: Scope; startsAt?: string; endsAt?: string }): Promise<{ id: string }> {
  return shaped(await apiSend('POST', '/api/v1/grants', input), (b) => typeof b.id === 'string');
}

export async function revokeGrant(grantId: string, reason: string): Promise<void> {
  await apiSend('POST', `/api/v1/grants/${encodeURIComponent(grantId)}/revoke`, { reason });
}

export async function fetchRoles(): Promise<RoleCatalogue> {
  return shaped(await apiJson('/api/v1/roles'), (b) => Array.isArray(b.roles) && Array.isArray(b.permissions));
}

export interface RoleInput {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

export async function createRole(input: RoleInput): Promise<{ id: string }> {
  return shaped(await apiSend('POST', '/api/v1/roles', input), (b) => typeof b.id === 'string');
}

export async function updateRole(roleId: string, input: RoleInput): Promise<void> {
  await apiSend('PUT', `/api/v1/roles/${encodeURIComponent(roleId)}`, input);
}

export async function deleteRole(roleId: string): Promise<void> {
  await apiSend('DELETE', `/api/v1/roles/${encodeURIComponent(roleId)}`);
}

export async function fetchTeams(): Promise<readonly TeamView[]> {
  return shaped<{ teams: readonly TeamView[] }>(await apiJson('/api/v1/teams'), (b) => Array.isArray(b.teams)).teams;
}

export async function createTeam(name: string): Promise<{ id: string }> {
  return shaped(await apiSend('POST', '/api/v1/teams', { name }), (b) => typeof b.id === 'string');
}

export async function addTeamMember(teamId: string, userId: string): Promise<void> {
  await apiSend('PUT', `/api/v1/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`);
}

export async function removeTeamMember(teamId: string, userId: string): Promise<void> {
  await apiSend('DELETE', `/api/v1/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`);
}

export async function fetchExtensionRequests(): Promise<readonly ExtensionRequest[]> {
  return shaped<{ extensions: readonly ExtensionRequest[] }>(await apiJson('/api/v1/grant-extensions'), (b) => Array.isArray(b.extensions)).extensions;
}

export async function decideExtension(extensionId: string, decision: 'approved' | 'rejected'): Promise<void> {
  await apiSend('POST', `/api/v1/grant-extensions/${encodeURIComponent(extensionId)}/decision`, { decision });
}

// ---- Helpers ----------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unexpected(): ApiError {
  return new ApiError(200, 'ERR_UNEXPECTED_RESPONSE', 'The answer did not have the expected shape', null);
}

/** The body, typed, once `check` accepts its outline; ERR_UNEXPECTED_RESPONSE otherwise. */
function shaped<T>(body: unknown, check: (body: Record<string, unknown>) => boolean): T {
  if (!isRecord(body) || !check(body)) throw unexpected();
  return body as T;
}

function isNextStep(body: Record<string, unknown>): boolean {
  return (body.next === 'second-factor' || body.next === 'enrol-second-factor') && Array.isArray(body.factors);
}

function isSignedIn(body: Record<string, unknown>): boolean {
  return typeof body.userId === 'string' && typeof body.csrfToken === 'string';
}

/** WebAuthn options, whether the server sends them bare or as `{ options }`. */
function optionsOf(body: unknown): unknown {
  if (isRecord(body) && isRecord(body.options)) return body.options;
  if (isRecord(body) && typeof body.challenge === 'string') return body;
  throw unexpected();
}
