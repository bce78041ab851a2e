/** Identity's public face: what other domains and the app may use. */
export { identityRoutes } from './routes/identity.routes.js';
export { identityDepsOf, type IdentityDeps } from './identity-deps.js';
export { registerIdentityJobs } from './identity.jobs.js';
export { sessionAuthenticator } from './session-authenticator.js';
export { apiTokenAuthenticator } from './api-tokens/token-authenticator.js';
export { issueSetupLink, type SetupLink } from './issue-setup-link.js';
export { installAccessHook, actorOf, STEP_UP_WINDOW_MS, type Authenticator, type RouteAccess } from './access-hook.js';
export { mayAccess } from './access/access.js';
export { staffMembersByIds, staffActorForDecision, type StaffMember } from './access/staff-directory.js';
export { teamById } from './teams/teams.store.js';
export { requestContextOf } from './request-context.js';
export { createUser, type CreatedStaffMember, type NewStaffMember } from './users/create-user.js';
export { builtInRoles, type RoleDefinition } from './roles/built-in-roles.js';
export {
  permissions,
  permissionCatalogue,
  isPermission,
  isContentPermission,
  type AccessScope,
  type Actor,
  type ActorType,
  type Permission,
} from './permissions.js';
export type { IdentitySecurityEvent, IdentityEvents, IdentityEventName } from './identity-events.js';
