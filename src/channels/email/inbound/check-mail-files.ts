import type { RequestContext } from '../../../audit/index.js';
import type { CheckedAttachment } from '../../../conversations/index.js';
import { checkAttachment } from '../../../conversations/attachments/index.js';
import { AppError } from '../../../platform/errors/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import { recordRefusal } from '../../record-refusal.js';
import type { MailFile } from './read-mail.js';

export interface CheckedMailFiles {
  readonly accepted: readonly CheckedAttachment[];
  /** One flag per kind of refusal ('attachment-refused:type', …), for the agent to see on the message. */
  readonly flags: readonly string[];
}

/** Why a file was left out, as the message's flag says it. */
const REFUSAL_FLAGS: Readonly<Partial<Record<string, string>>> = {
  ERR_ATTACHMENT_TOO_LARGE: 'attachment-refused:too-large',
  ERR_ATTACHMENT_EMPTY: 'attachment-refused:empty',
  ERR_ATTACHMENT_TYPE_NOT_ALLOWED: 'attachment-refused:type',
  ERR_ATTACHMENT_EXECUTABLE: 'attachment-refused:type',
  ERR_ATTACHMENT_SCRIPTABLE: 'attachment-refused:type',
  ERR_ATTACHMENT_MALWARE: 'attachment-refused:malware',
};

/**
 * Checks a mail's files one by one (content type, size, name, clamd where configured). A refused
 * file is left out and flagged, and the mail itself is still stored: the customer's words matter
 * more than their attachment. Malware is also a channel refusal (audit entry, security event).
 * A scanner that cannot be reached throws: the SMTP answer is 451 and the sender tries again
 * later, since an unscanned file is never stored.
 */
export async function checkMailFiles(deps: ChannelDeps, context: RequestContext, input: { readonly inboxIds: readonly string[]; readonly files: readonly MailFile[] }): Promise<CheckedMailFiles> {
  const accepted: CheckedAttachment[] = [];
  const flags = new Set<string>();
  for (const file of input.files) {
    try {
      accepted.push(await checkAttachment({ fileName: file.fileName, content: file.content, declaredType: file.declaredType }, { maxBytes: deps.config.attachmentMaxBytes, clamd: deps.config.clamd }));
    } catch (error) {
      const flag = error instanceof AppError ? REFUSAL_FLAGS[error.code] : undefined;
      if (flag === undefined) throw error;
      flags.add(flag);
      if (error instanceof AppError && error.code === 'ERR_ATTACHMENT_MALWARE') {
        for (const inboxId of input.inboxIds) await recordRefusal(deps, { channel: 'email', inboxId, reason: 'malware', context });
      }
    }
  }
  return { accepted, flags: [...flags] };
}
