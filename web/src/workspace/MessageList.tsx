import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentUrl, revealVaulted, type MessageView } from '../api/conversations';
import { useDateTime } from '../components/format';
import { entityLabel } from './labels';
import { RevealButton } from './Reveal';

/**
 * The messages of one conversation, oldest first. Bodies are masked text from the server and are
 * rendered as text (React escapes them; CSS keeps their line breaks), never as HTML: a customer's
 * "<script>" is shown, not run.
 */
export function MessageList({ conversationId, messages, canReveal }: { readonly conversationId: string; readonly messages: readonly MessageView[]; readonly canReveal: boolean }): ReactNode {
  const { t } = useTranslation();
  const listRef = useRef<HTMLOListElement>(null);
  const lastId = messages.at(-1)?.id;

  useEffect(() => {
    // A new message scrolls into view, as in any chat; the reader's focus stays where it was.
    const list = listRef.current;
    if (list !== null) list.scrollTop = list.scrollHeight;
  }, [lastId]);

  if (messages.length === 0) return <p className="field__hint">{t('workspace.conversation.noMessages')}</p>;

  return (
    <ol ref={listRef} className="messages" aria-label={t('workspace.conversation.messagesLabel')} data-testid="messages">
        {messages.map((message) => (
          <li key={message.id} className={`message message--${message.direction}`} data-testid="message" data-direction={message.direction}>
            <MessageItem conversationId={conversationId} message={message} canReveal={canReveal} />
          </li>
        ))}
    </ol>
  );
}

function MessageItem({ conversationId, message, canReveal }: { readonly conversationId: string; readonly message: MessageView; readonly canReveal: boolean }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const kind =
    message.direction === 'note'
      ? t('workspace.conversation.note')
      : message.direction === 'outgoing'
        ? t('workspace.conversation.outgoing')
        : message.author.type === 'system'
          ? t('workspace.conversation.system')
          : t('workspace.conversation.incoming');

  return (
    <article>
      <header className="message__header">
        <span className="message__kind">{kind}</span>
        {message.author.name !== null && message.direction !== 'incoming' && <span className="message__author">{t('workspace.conversation.by', { name: message.author.name })}</span>}
        <time className="message__time" dateTime={message.createdAt}>
          {formatTime(message.createdAt)}
        </time>
        {message.delivery !== null && <span className={`tag tag--delivery-${message.delivery}`}>{t(`workspace.conversation.delivery.${message.delivery}`)}</span>}
      </header>
      <p className="message__body" data-testid="message-body">
        {message.body}
      </p>
      {message.attachments.length > 0 && (
        <div className="message__attachments">
          <span className="message__label">{t('workspace.conversation.attachments')}:</span>{' '}
          {message.attachments.map((attachment) => (
            // A download the server audits; the file is served as an attachment, never shown inline.
            <a key={attachment.id} className="attachment" href={attachmentUrl(conversationId, attachment.id)} download={attachment.fileName}>
              {attachment.fileName} ({Math.ceil(attachment.size / 1024)} KB)
            </a>
          ))}
        </div>
      )}
      {message.flags.length > 0 && <p className="message__flags">{t('workspace.conversation.flagged', { flags: message.flags.join(', ') })}</p>}
      {canReveal && message.revealable.length > 0 && (
        <ul className="message__reveals">
          {message.revealable.map((item) => (
            <li key={item.vaultId}>
              <RevealButton what={entityLabel(t, item.entityType)} reveal={(reason) => revealVaulted(item.vaultId, reason)} testId="reveal-vaulted" />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
