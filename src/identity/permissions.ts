/**
 * The catalogue of permissions. Every route names exactly one (or is explicitly public); roles
 * are sets of these. `content` permissions reach customer data: they are granted per team or
 * inbox, and only to accounts with MFA (invariant 2). `stepUp` ones also need a second factor
 * within the last five minutes on the request itself (the route says so with `stepUp: true`).
 */
export const permissionCatalogue = {
  'conversations.read': { content: true, label: 'Read conversations' },
  'conversations.reply': { content: true, label: 'Reply to conversations and add notes' },
  'conversations.assign': { content: true, label: 'Assign conversations to agents' },
  'contacts.read': { content: true, label: 'Read contacts (masked)' },
  'contacts.manage': { content: true, label: 'Edit and merge contacts' },
  'pii.reveal': { content: true, label: 'Reveal masked data (with step-up and a reason)' },
  'data.export': { content: true, label: 'Export conversations and contacts' },
  'privacy.requests': { content: true, label: 'Handle data-subject requests' },
  'reports.read': { content: false, label: 'Read queue, SLA and team reports' },
  'canned.manage': { content: false, label: 'Manage canned responses' },
  'audit.read': { content: false, label: 'Read the audit trail' },
  'audit.export': { content: false, label: 'Export the audit trail' },
  'audit.verify': { content: false, label: 'Verify the audit trail' },
  'compliance.read': { content: false, label: 'Read compliance controls and evidence' },
  'security.read': { content: false, label: 'Read security events and alerts' },
  'alerts.manage': { content: false, label: 'Manage alerts, detection rules and incidents' },
  'users.read': { content: false, label: 'See staff accounts, their roles and grants' },
  'users.manage': { content: false, label: 'Create, suspend and deactivate staff accounts; reset MFA' },
  'roles.manage': { content: false, label: 'Create and change custom roles' },
  'grants.manage': { content: false, label: 'Grant and revoke roles' },
  'grants.approve': { content: false, label: 'Approve extensions of temporary access' },
  'teams.manage': { content: false, label: 'Manage teams and their members' },
  'inboxes.manage': { content: false, label: 'Manage inboxes and channels' },
  'sessions.manage': { content: false, label: "End other people's sessions" },
  'api-tokens.manage': { content: false, label: 'Create and revoke API tokens' },
  'reviews.manage': { content: false, label: 'Start and close access reviews' },
  'reviews.respond': { content: false, label: 'Certify or revoke access in a review' },
  'settings.manage': { content: false, label: 'Change system settings' },
  // Integrations only (API tokens): a telephony platform delivering call recordings.
  'recordings.ingest': { content: true, label: 'Deliver call recordings (integrations)' },
} as const satisfies Record<string, { readonly content: boolean; readonly label: string }>;

export type Permission = keyof typeof permissionCatalogue;

export const permissions = Object.keys(permissionCatalogue) as readonly Permission[];

export function isPermission(name: string): name is Permission {
  return Object.hasOwn(permissionCatalogue, name);
}

/** Whether a permission reaches customer data (and so is scoped and needs MFA). */
export function isContentPermission(permission: Permission): boolean {
  return permissionCatalogue[permission].content;
}

export type ActorType = 'staff' | 'api-token' | 'customer' | 'system' | 'anonymous';

/**
 * Where a permission applies. `all`: everywhere. Otherwise only the listed teams' and inboxes'
 * records: the owning domain filters by these (an agent sees only their own inboxes).
 */
export type AccessScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'limited'; readonly teams: ReadonlySet<string>; readonly inboxes: ReadonlySet<string> };

/** Who is acting: established by an authenticator, never by the request's own say-so. */
export interface Actor {
  readonly type: ActorType;
  readonly id: string;
  readonly permissions: ReadonlySet<Permission>;
  /** Per permission, where it applies; a permission not in `permissions` has no scope. */
  readonly scopes: ReadonlyMap<Permission, AccessScope>;
  /** The session behind a browser request, null for tokens. */
  readonly sessionId: string | null;
  /** When this actor last passed a second factor (step-up needs it recent); null if never. */
  readonly mfaAt: number | null;
}
