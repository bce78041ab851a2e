/** The conversations domain's public face: what channels and other domains may call. */
export { conversationsDepsOf, type ConversationsDeps, type ChannelSource, type StaffCaller } from './conversations-deps.js';
export type { ChannelKind, ConversationStatus, ConversationPriority, MessageDirection, MessageAuthorType } from './conversations.tables.js';
export { receiveMessage, messageReference, type IncomingMessage, type ReceivedMessage, type ThreadHint, type PrivacyInputs } from './messages/receive-message.js';
export { replyToConversation, MAX_REPLY_CHARS, type Reply, type SentReply } from './messages/reply-to-conversation.js';
export { customerTranscript, type CustomerMessage } from './messages/customer-transcript.js';
export { MAX_MESSAGE_CHARS } from './messages/append-message.js';
export { createInbox, type NewInbox } from './inboxes/create-inbox.js';
export { inboxById, inboxByEmailAddress } from './inboxes/inboxes.store.js';
export { inboxSecret, rotateInboxSecret } from './inboxes/inbox-secret.js';
export { parseOrigin, type InboxSettings, type SettingsByChannel, type WebchatSettings, type EmailSettings, type VoiceSettings } from './inboxes/inbox-settings.js';
export type { Inbox, InboxOf } from './inboxes/inbox.js';
export type { ContactHint } from './contacts/contact.js';
export type { CheckedAttachment, AttachmentOwner } from './attachments/index.js';
export type { ConversationBusEvents } from './conversations-events.js';
export { conversationsRoutes } from './conversations.routes.js';
export { registerConversationJobs } from './conversations.jobs.js';
export { watchSlas, type SlaWatchReport } from './sla/sla-watch.js';
