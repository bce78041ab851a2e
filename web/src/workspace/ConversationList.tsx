import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConversationSummary } from '../api/conversations';
import { ProblemNotice } from '../components/ProblemText';
import { ChannelIcon } from './ChannelIcon';
import { useDateTime } from '../components/format';
import { channelLabel, priorityLabel, slaLabel, statusLabel } from './labels';
import type { ConversationListState } from './useConversationList';

interface ConversationListProps {
  readonly list: ConversationListState & { readonly loadMore: () => void };
  readonly selectedId: string | null;
  /** The address of one conversation, keeping the list's filters. */
  readonly hrefOf: (conversationId: string) => string;
}

/** The middle column: the conversations the filters select, newest activity first. */
export function ConversationList({ list, selectedId, hrefOf }: ConversationListProps): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();

  return (
    <section className="workspace__list" aria-labelledby="conversation-list-heading">
      <h2 id="conversation-list-heading" className="visually-hidden">
        {t('workspace.list.label')}
      </h2>
      <ProblemNotice error={list.error} />
      {list.status === 'loading' && list.conversations.length === 0 && (
        <p role="status" className="loading">
          {t('workspace.list.loading')}
        </p>
      )}
      {list.status === 'ready' && list.conversations.length === 0 && <p className="field__hint">{t('workspace.list.empty')}</p>}
      <ul className="conversation-list" data-testid="conversation-list" aria-busy={list.status === 'loading'}>
        {list.conversations.map((conversation) => (
          <li key={conversation.id}>
            <Link
              className="conversation-item"
              to={hrefOf(conversation.id)}
              aria-current={conversation.id === selectedId ? 'page' : undefined}
              data-testid="conversation-item"
              data-conversation-id={conversation.id}
            >
              <ConversationItem conversation={conversation} time={formatTime(conversation.lastMessageAt)} />
            </Link>
          </li>
        ))}
      </ul>
      {list.nextCursor !== null && (
        <div className="load-older">
          <button type="button" className="button button--small" aria-busy={list.loadingMore} onClick={list.loadMore}>
            {t('workspace.list.more')}
          </button>
        </div>
      )}
    </section>
  );
}

function ConversationItem({ conversation, time }: { readonly conversation: ConversationSummary; readonly time: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <span className="conversation-item__top">
        <span className="conversation-item__contact" data-testid="conversation-contact">
          {conversation.contactLabel}
        </span>
        <time className="conversation-item__time" dateTime={conversation.lastMessageAt}>
          {time}
        </time>
      </span>
      <span className="conversation-item__meta">
        <span className="conversation-item__channel">
          <ChannelIcon channel={conversation.channel} /> {channelLabel(t, conversation.channel)} · {conversation.inboxName}
        </span>
      </span>
      <span className="conversation-item__meta">
        <span className={`tag tag--status-${conversation.status}`}>{statusLabel(t, conversation.status)}</span>
        {conversation.sla !== 'none' && <span className={`tag tag--sla-${conversation.sla}`}>{slaLabel(t, conversation.sla)}</span>}
        {conversation.priority !== 'normal' && <span className={`tag tag--priority-${conversation.priority}`}>{priorityLabel(t, conversation.priority)}</span>}
        <span className="conversation-item__assignee">{conversation.assignee?.name ?? t('workspace.list.unassigned')}</span>
        <span className="conversation-item__count">{t('workspace.list.messages', { count: conversation.messageCount })}</span>
      </span>
    </>
  );
}
