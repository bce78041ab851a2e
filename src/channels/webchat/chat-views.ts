import { attachmentSummaries } from '../../conversations/attachments/index.js';
import type { CustomerMessage } from '../../conversations/index.js';
import type { WebchatDeps } from './webchat-deps.js';
import type { ChatMessageView } from './webchat-protocol.js';

/**
 * Messages as the widget shows them: the masked text, and the names of the files a message
 * carries (a file alone is a message with empty text). The files' content never goes back to the
 * browser: a visitor's file is for the contact centre to read.
 */
export async function chatViews(deps: Pick<WebchatDeps, 'db' | 'keyring'>, messages: readonly CustomerMessage[]): Promise<ChatMessageView[]> {
  const files = await attachmentSummaries(deps.db, deps.keyring, messages.map((m) => m.id));
  return messages.map((m) => {
    const attachments = (files.get(m.id) ?? []).map((a) => ({ fileName: a.fileName, mediaType: a.mediaType, size: a.size }));
    return {
      id: m.id,
      seq: m.seq,
      direction: m.direction,
      body: m.body,
      clientMessageId: m.clientMessageId,
      createdAt: m.createdAt,
      ...(attachments.length === 0 ? {} : { attachments }),
    };
  });
}
