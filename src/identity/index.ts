export { identityRoutes } from './identity.routes.js';
export { issueSetupLink, type SetupLink } from './issue-setup-link.js';
