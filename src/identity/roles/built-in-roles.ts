import type { Permission } from '../permissions.js';

export interface RoleDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
  readonly builtIn: boolean;
}

const agent: readonly Permission[] = ['conversations.read', 'conversations.reply', 'contacts.read'];

/**
 * The roles every Bolwerk has. Separation of duties: the administrator manages the system but
 * holds no content permission; reading customer content needs a content role as well.
 */
export const builtInRoles: readonly RoleDefinition[] = Object.freeze(
  (
    [
    { id: 'agent', name: 'Agent', description: 'Answers conversations in their inboxes.', permissions: agent },
    {
      id: 'external-agent',
      name: 'External agent',
      description: 'Contract or outsourced agent: like an agent, always with an end date.',
      permissions: agent,
    },
    {
      id: 'supervisor',
      name: 'Supervisor',
      description: 'Keeps the queues moving; approves temporary access and reviews their team.',
      permissions: [...agent, 'conversations.assign', 'reports.read', 'canned.manage', 'users.read', 'grants.approve', 'reviews.respond'],
    },
    {
      id: 'quality-analyst',
      name: 'Quality analyst',
      description: 'Reads conversations to score and coach; does not reply.',
      permissions: ['conversations.read', 'contacts.read', 'reports.read'],
    },
    {
      id: 'privacy-officer',
      name: 'Privacy officer',
      description: 'Handles data-subject requests; may reveal and export with a reason.',
      permissions: ['contacts.read', 'contacts.manage', 'pii.reveal', 'data.export', 'privacy.requests', 'audit.read', 'compliance.read'],
    },
    {
      id: 'security-officer',
      name: 'Security officer',
      description: 'Watches security events and alerts, runs incidents, ends suspicious sessions.',
      permissions: ['security.read', 'alerts.manage', 'audit.read', 'audit.verify', 'users.read', 'sessions.manage', 'compliance.read'],
    },
    {
      id: 'administrator',
      name: 'Administrator',
      description: 'Manages users, roles, teams, inboxes and settings; reads no customer content.',
      permissions: [
        'users.read',
        'users.manage',
        'roles.manage',
        'grants.manage',
        'grants.approve',
        'teams.manage',
        'inboxes.manage',
        'sessions.manage',
        'api-tokens.manage',
        'reviews.manage',
        // Administrators are the escalation reviewers: they decide what no team supervisor may.
        'reviews.respond',
        'settings.manage',
        'audit.verify',
      ],
    },
    {
      id: 'auditor',
      name: 'Auditor',
      description: 'Read-only: the audit trail, compliance evidence and access reviews.',
      permissions: ['audit.read', 'audit.export', 'audit.verify', 'compliance.read', 'users.read'],
    },
    ] satisfies Omit<RoleDefinition, 'builtIn'>[]
  ).map((role): RoleDefinition => Object.freeze({ ...role, builtIn: true })),
);

export type BuiltInRoleId = 'agent' | 'external-agent' | 'supervisor' | 'quality-analyst' | 'privacy-officer' | 'security-officer' | 'administrator' | 'auditor';

export function builtInRole(id: string): RoleDefinition | undefined {
  return builtInRoles.find((role) => role.id === id);
}

/** Roles that must be granted with an end date (temporary access for external staff). */
export const TIME_LIMITED_ROLES: ReadonlySet<string> = new Set(['external-agent']);
