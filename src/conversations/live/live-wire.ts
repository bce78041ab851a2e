import { iso, isoOrNull } from '../route-helpers.js';
import type { ConversationSummary } from '../views/conversation-summary.js';
import type { MessageView } from '../views/message-view.js';

/** The JSON shapes of the API and the live socket: epoch ms become ISO strings, in one place. */


export function summaryWire(s: ConversationSummary) {
  return {
    id: s.id,
    inboxId: s.inboxId,
    inboxName: s.inboxName,
    channel: s.channel,
    status: s.status,
    priority: s.priority,
    assignee: s.assignee === null ? null : { id: s.assignee.id, name: s.assignee.name },
    contactId: s.contactId,
    contactLabel: s.contactLabel,
    labels: [...s.labels],
    messageCount: s.messageCount,
    lastMessageAt: iso(s.lastMessageAt),
    lastIncomingAt: isoOrNull(s.lastIncomingAt),
    snoozedUntil: isoOrNull(s.snoozedUntil),
    firstResponseDueAt: isoOrNull(s.firstResponseDueAt),
    resolutionDueAt: isoOrNull(s.resolutionDueAt),
    sla: s.sla,
  };
}

export function messageWire(m: MessageView) {
  return {
    id: m.id,
    seq: m.seq,
    direction: m.direction,
    author: { type: m.author.type, id: m.author.id, name: m.author.name },
    body: m.body,
    createdAt: iso(m.createdAt),
    flags: [...m.flags],
    delivery: m.delivery,
    revealable: m.revealable.map((r) => ({ vaultId: r.vaultId, entityType: r.entityType })),
    attachments: m.attachments.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size })),
  };
}
