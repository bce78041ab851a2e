export { identityRoutes } from './identity.routes.js';
export { issueSetupLink, type SetupLink } from './issue-setup-link.js';
export { installAccessHook, actorOf, type Authenticator } from './access-hook.js';
export { permissions, type Actor, type ActorType, type Permission } from './permissions.js';
