import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../access-hook.js';
import { grantFromRow } from '../grants/grant.js';
import { grantRole } from '../grants/grant-role.js';
import { decideGrantExtension } from '../grants/extend-grant.js';
import { allUnrevokedGrants, pendingExtensions } from '../grants/grants.store.js';
import { revokeGrant } from '../grants/revoke-grant.js';
import type { IdentityDeps } from '../identity-deps.js';
import { permissionCatalogue, permissions } from '../permissions.js';
import { createRole, deleteRole, updateRole } from '../roles/manage-roles.js';
import { listRoles } from '../roles/roles.store.js';
import { listSessionsOfUser } from '../sessions/list-sessions-of-user.js';
import { createTeam, setTeamMembership } from '../teams/manage-teams.js';
import { listTeams } from '../teams/teams.store.js';
import { createUser } from '../users/create-user.js';
import { endUserSession, reissueEnrolmentLink, resetMfa, setUserStatus } from '../users/account-changes.js';
import { listUserRows } from '../users/users.store.js';
import {
  CreatedUserResponse,
  CreateUserBody,
  EnrolmentLinkResponse,
  ExtensionDecisionBody,
  ExtensionList,
  ExtensionParams,
  GrantBody,
  GrantParams,
  IdResponse,
  RevokeBody,
  RoleBody,
  RoleList,
  RoleParams,
  SessionList,
  TeamBody,
  TeamList,
  TeamMemberParams,
  UserList,
  UserParams,
  UserSessionParams,
  UserStatusBody,
} from '../identity.schemas.js';
import { callerOf, iso, isoOrNull, timeOf } from './route-helpers.js';
import { grantView, sessionViews } from './views.js';

const tags = ['access'];

/**
 * Managing who may do what: users, roles, grants, teams, other people's sessions, extension
 * approvals. Each route names its one permission; those that hand out or take away access, or
 * remove someone's second factor, also need step-up.
 */
export function adminRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/v1/users', { config: { permission: 'users.read' }, schema: { tags, summary: 'Staff accounts with their grants and teams', response: { 200: UserList } } }, async () => {
      const now = deps.now();
      const [rows, grants, teams] = await Promise.all([listUserRows(deps.db), allUnrevokedGrants(deps.db), listTeams(deps.db)]);
      return {
        users: rows.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          status: u.status,
          mfaEnrolled: u.mfa_enrolled_at !== null,
          createdAt: iso(u.created_at),
          lastSignInAt: isoOrNull(u.last_sign_in_at),
          grants: grants.filter((g) => g.user_id === u.id).map((g) => grantView(grantFromRow(g), now)),
          teams: teams.filter((t) => t.members.includes(u.id)).map((t) => t.id),
        })),
      };
    });

    app.post(
      '/api/v1/users',
      { config: { permission: 'users.manage' }, schema: { tags, summary: 'Creates a staff account and its one-time enrolment link', body: CreateUserBody, response: { 201: CreatedUserResponse } } },
      async (request, reply) => {
        const body = request.body;
        const created = await createUser(deps, callerOf(request), {
          email: body.email,
          name: body.name,
          roleId: body.roleId,
          scope: body.scope,
          endsAt: body.endsAt === undefined ? undefined : timeOf(body.endsAt, 'body.endsAt'),
        });
        return reply.status(201).send({ userId: created.userId, enrolmentUrl: created.enrolment.url, expiresAt: iso(created.enrolment.expiresAt) });
      },
    );

    app.post(
      '/api/v1/users/:userId/enrolment-link',
      { config: { permission: 'users.manage' }, schema: { tags, summary: 'A fresh enrolment link for an invited account', params: UserParams, response: { 200: EnrolmentLinkResponse } } },
      async (request) => {
        const link = await reissueEnrolmentLink(deps, callerOf(request), { userId: request.params.userId });
        return { enrolmentUrl: link.url, expiresAt: iso(link.expiresAt) };
      },
    );

    app.put('/api/v1/users/:userId/status', { config: { permission: 'users.manage' }, schema: { tags, summary: 'Suspends, reactivates or deactivates an account', params: UserParams, body: UserStatusBody } }, async (request, reply) => {
      await setUserStatus(deps, callerOf(request), { userId: request.params.userId, status: request.body.status });
      return reply.status(204).send();
    });

    app.post('/api/v1/users/:userId/mfa-reset', { config: { permission: 'users.manage', stepUp: true }, schema: { tags, summary: 'Removes an account’s second factors; they enrol again', params: UserParams } }, async (request, reply) => {
      await resetMfa(deps, callerOf(request), { userId: request.params.userId });
      return reply.status(204).send();
    });

    app.get('/api/v1/users/:userId/sessions', { config: { permission: 'sessions.manage' }, schema: { tags, summary: 'Someone’s live sessions', params: UserParams, response: { 200: SessionList } } }, async (request) => {
      const sessions = await listSessionsOfUser(deps.db, request.params.userId, { now: deps.now() }, deps.sessionPolicy);
      return { sessions: sessionViews(sessions, actorOf(request).sessionId) };
    });

    app.delete('/api/v1/users/:userId/sessions/:sessionId', { config: { permission: 'sessions.manage' }, schema: { tags, summary: 'Ends someone’s session', params: UserSessionParams } }, async (request, reply) => {
      await endUserSession(deps, callerOf(request), { sessionId: request.params.sessionId, ofUser: request.params.userId, reason: 'ended-by-administrator' });
      return reply.status(204).send();
    });

    app.get('/api/v1/roles', { config: { permission: 'users.read' }, schema: { tags, summary: 'Built-in and custom roles, and the permission catalogue', response: { 200: RoleList } } }, async () => {
      const roles = await listRoles(deps.db);
      return {
        roles: roles.map((r) => ({ id: r.id, name: r.name, description: r.description, permissions: [...r.permissions], builtIn: r.builtIn })),
        permissions: permissions.map((name) => ({ name, label: permissionCatalogue[name].label, content: permissionCatalogue[name].content })),
      };
    });

    app.post('/api/v1/roles', { config: { permission: 'roles.manage', stepUp: true }, schema: { tags, summary: 'Creates a custom role', body: RoleBody, response: { 201: IdResponse } } }, async (request, reply) => {
      const { roleId } = await createRole(deps, callerOf(request), request.body);
      return reply.status(201).send({ id: roleId });
    });

    app.put('/api/v1/roles/:roleId', { config: { permission: 'roles.manage', stepUp: true }, schema: { tags, summary: 'Changes a custom role', params: RoleParams, body: RoleBody } }, async (request, reply) => {
      await updateRole(deps, callerOf(request), request.params.roleId, request.body);
      return reply.status(204).send();
    });

    app.delete('/api/v1/roles/:roleId', { config: { permission: 'roles.manage', stepUp: true }, schema: { tags, summary: 'Deletes a custom role no one holds', params: RoleParams } }, async (request, reply) => {
      await deleteRole(deps, callerOf(request), request.params.roleId);
      return reply.status(204).send();
    });

    app.post('/api/v1/grants', { config: { permission: 'grants.manage', stepUp: true }, schema: { tags, summary: 'Grants a role over a scope, optionally for a period', body: GrantBody, response: { 201: IdResponse } } }, async (request, reply) => {
      const body = request.body;
      const { grantId } = await grantRole(deps, callerOf(request), {
        userId: body.userId,
        roleId: body.roleId,
        scope: body.scope,
        startsAt: body.startsAt === undefined ? null : timeOf(body.startsAt, 'body.startsAt'),
        endsAt: body.endsAt === undefined ? null : timeOf(body.endsAt, 'body.endsAt'),
      });
      return reply.status(201).send({ id: grantId });
    });

    app.post('/api/v1/grants/:grantId/revoke', { config: { permission: 'grants.manage', stepUp: true }, schema: { tags, summary: 'Revokes a grant', params: GrantParams, body: RevokeBody } }, async (request, reply) => {
      await revokeGrant(deps, callerOf(request), { grantId: request.params.grantId, reason: request.body.reason });
      return reply.status(204).send();
    });

    app.get('/api/v1/grant-extensions', { config: { permission: 'grants.approve' }, schema: { tags, summary: 'Extension requests waiting for a decision', response: { 200: ExtensionList } } }, async () => {
      const rows = await pendingExtensions(deps.db);
      return {
        extensions: rows.map((e) => ({ id: e.id, grantId: e.grant_id, requestedBy: e.requested_by, requestedAt: iso(e.requested_at), requestedEndsAt: iso(e.requested_ends_at), reason: e.reason })),
      };
    });

    app.post(
      '/api/v1/grant-extensions/:extensionId/decision',
      { config: { permission: 'grants.approve', stepUp: true }, schema: { tags, summary: 'Approves or rejects an extension of temporary access', params: ExtensionParams, body: ExtensionDecisionBody } },
      async (request, reply) => {
        await decideGrantExtension(deps, callerOf(request), { extensionId: request.params.extensionId, decision: request.body.decision });
        return reply.status(204).send();
      },
    );

    app.get('/api/v1/teams', { config: { permission: 'users.read' }, schema: { tags, summary: 'Teams and their members', response: { 200: TeamList } } }, async () => {
      const teams = await listTeams(deps.db);
      return { teams: teams.map((t) => ({ id: t.id, name: t.name, createdAt: iso(t.createdAt), members: t.members })) };
    });

    app.post('/api/v1/teams', { config: { permission: 'teams.manage' }, schema: { tags, summary: 'Creates a team', body: TeamBody, response: { 201: IdResponse } } }, async (request, reply) => {
      const { teamId } = await createTeam(deps, callerOf(request), request.body);
      return reply.status(201).send({ id: teamId });
    });

    app.put('/api/v1/teams/:teamId/members/:userId', { config: { permission: 'teams.manage' }, schema: { tags, summary: 'Adds a member to a team', params: TeamMemberParams } }, async (request, reply) => {
      await setTeamMembership(deps, callerOf(request), { ...request.params, member: 'add' });
      return reply.status(204).send();
    });

    app.delete('/api/v1/teams/:teamId/members/:userId', { config: { permission: 'teams.manage' }, schema: { tags, summary: 'Removes a member from a team', params: TeamMemberParams } }, async (request, reply) => {
      await setTeamMembership(deps, callerOf(request), { ...request.params, member: 'remove' });
      return reply.status(204).send();
    });

  };
}
