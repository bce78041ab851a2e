import { channelEventVersions, type ChannelEvents } from '../channels/channel-events.js';
import { conversationEventVersions, type ConversationEvents } from '../conversations/conversations-events.js';
import { identityEventVersions, type IdentityEvents } from '../identity/identity-events.js';

/**
 * Every action the audit trail records: one typed, versioned union. The version is of the
 * action's details shape; bump it (and keep the old shape readable) when the details change.
 * Details never hold raw personal data: subjects by id, personal details sealed separately.
 */
export interface AuditActionDetails extends IdentityEvents, ConversationEvents, ChannelEvents {
  /** A verification of the whole trail ran (by the job, the CLI or a person). */
  'audit.verified': {
    readonly intact: boolean;
    readonly checkedEntries: number;
    readonly firstBadSeq: number | null;
    readonly problem: string | null;
  };
  /** Audit entries were exported (the export of the trail is itself audited). */
  'audit.exported': { readonly format: 'jsonl' | 'csv'; readonly filters: Readonly<Record<string, string | number>> };
  /** Entries below a signed checkpoint were pruned after their retention. */
  'audit.pruned': { readonly anchorTreeSize: number; readonly retentionDays: number };
  /** Reads of customer data (recorded with `recordView`). */
  'contact.viewed': { readonly reason: string | null };
  'conversation.viewed': { readonly reason: string | null };
  'pii.revealed': { readonly field: string; readonly reason: string };
  'export.created': { readonly kind: string; readonly count: number };
  /** An inbox's masking policy was set; each change of an entity type's effective action is listed. */
  'privacy.policy.changed': {
    readonly inboxId: string;
    readonly changes: readonly { readonly entityType: string; readonly from: string; readonly to: string }[];
  };
}

export const auditActionVersions: { readonly [A in AuditAction]: number } = {
  'audit.verified': 1,
  'audit.exported': 1,
  'audit.pruned': 1,
  'contact.viewed': 1,
  'conversation.viewed': 1,
  'pii.revealed': 1,
  'export.created': 1,
  'privacy.policy.changed': 1,
  ...identityEventVersions,
  ...conversationEventVersions,
  ...channelEventVersions,
};

export type AuditAction = keyof AuditActionDetails;

export const auditActions = Object.keys(auditActionVersions) as AuditAction[];

/** The actions that record a read of customer data. */
export type ViewAction = 'contact.viewed' | 'conversation.viewed' | 'pii.revealed' | 'export.created';
