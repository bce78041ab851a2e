import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, isAbort, type ApiError } from '../api/api-error';
import { assignConversation, fetchCannedResponses, fetchConversation, updateConversation, type CannedResponse, type ConversationDetail, type ConversationSummary, type MessageView } from '../api/conversations';
import { useDateTime } from '../components/format';
import { ProblemNotice } from '../components/ProblemText';
import { ChannelIcon } from './ChannelIcon';
import { Composer, type ComposerMode } from './Composer';
import { ContactPanel } from './ContactPanel';
import { ConversationControls } from './ConversationControls';
import { channelLabel, slaLabel } from './labels';
import { MessageList } from './MessageList';
import type { LiveConnection } from './useLive';
import { useShortcuts } from './useShortcuts';

interface ConversationViewProps {
  readonly conversationId: string;
  readonly live: LiveConnection;
  readonly me: { readonly id: string; readonly permissions: readonly string[] };
  readonly people: readonly { readonly id: string; readonly name: string }[];
  readonly hrefOf: (conversationId: string) => string;
  /** The list shows the change at once, before its own refresh. */
  readonly onSummaryChanged: (conversation: ConversationSummary) => void;
}

/** How long "the customer is typing" stays without a new typing frame. */
const TYPING_SHOWN_MS = 6_000;

/**
 * One conversation: its messages (live while it is open), the answer box, the controls and the
 * contact. Opening it is a read the server records in the audit trail.
 */
export function ConversationView({ conversationId, live, me, people, hrefOf, onSummaryChanged }: ConversationViewProps): ReactNode {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [canned, setCanned] = useState<readonly CannedResponse[]>([]);
  const [customerTyping, setCustomerTyping] = useState(false);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const canReply = me.permissions.includes('conversations.reply');
  const canAssign = me.permissions.includes('conversations.assign');
  const canReveal = me.permissions.includes('pii.reveal');
  const inboxId = detail?.conversation.inboxId;

  const load = useCallback(
    (signal?: AbortSignal) => {
      fetchConversation(conversationId, signal).then(
        (loaded) => {
          setDetail(loaded);
          setError(null);
        },
        (failure: unknown) => {
          if (!isAbort(failure)) setError(asApiError(failure));
        },
      );
    },
    [conversationId],
  );

  useEffect(() => {
    const controller = new AbortController();
    setDetail(null);
    setError(null);
    setActionError(null);
    setCustomerTyping(false);
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const { watch, subscribe, onReconnected, typing } = live;

  useEffect(() => {
    watch(conversationId);
    return () => watch(null);
  }, [conversationId, watch]);

  // Refetch after the connection came back: messages may have arrived while it was down.
  useEffect(() => onReconnected(() => load()), [onReconnected, load]);

  useEffect(() => {
    let typingTimer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe((frame) => {
      if (frame.type === 'message' && frame.conversationId === conversationId) {
        if (frame.message.direction === 'incoming') setCustomerTyping(false);
        setDetail((previous) => (previous === null ? previous : { ...previous, messages: withMessage(previous.messages, frame.message) }));
      } else if (frame.type === 'conversation.changed' && frame.conversation.id === conversationId) {
        const changed = frame.conversation;
        setDetail((previous) => (previous === null ? previous : { ...previous, conversation: { ...changed, subject: previous.conversation.subject } }));
      } else if (frame.type === 'typing' && frame.conversationId === conversationId && frame.who === 'contact') {
        setCustomerTyping(true);
        if (typingTimer !== null) clearTimeout(typingTimer);
        typingTimer = setTimeout(() => setCustomerTyping(false), TYPING_SHOWN_MS);
      }
    });
    return () => {
      unsubscribe();
      if (typingTimer !== null) clearTimeout(typingTimer);
    };
  }, [conversationId, subscribe]);

  useEffect(() => {
    if (inboxId === undefined || !canReply) return undefined;
    const controller = new AbortController();
    fetchCannedResponses(inboxId, controller.signal).then(setCanned, () => setCanned([]));
    return () => controller.abort();
  }, [inboxId, canReply]);

  const summaryChanged = useCallback(
    (summary: ConversationSummary) => {
      setDetail((previous) => (previous === null ? previous : { ...previous, conversation: { ...summary, subject: previous.conversation.subject } }));
      onSummaryChanged(summary);
    },
    [onSummaryChanged],
  );

  const runAction = (action: () => Promise<ConversationSummary>): void => {
    setActionError(null);
    action().then(summaryChanged, (failure: unknown) => setActionError(asApiError(failure)));
  };

  const focusComposer = (next: ComposerMode): void => {
    setMode(next);
    // After the mode's label rendered: focus lands in the box the reader sees.
    setTimeout(() => textareaRef.current?.focus(), 0);
  };

  useShortcuts(
    detail === null || !canReply
      ? {}
      : {
          r: () => focusComposer('reply'),
          n: () => focusComposer('note'),
          a: () => {
            // Taking someone else's conversation needs conversations.assign; the server would refuse it anyway.
            const assignee = detail.conversation.assignee;
            if (assignee?.id !== me.id && (assignee === null || canAssign)) runAction(() => assignConversation(conversationId, me.id));
          },
          e: () => {
            if (detail.conversation.status !== 'resolved') runAction(() => updateConversation(conversationId, { status: 'resolved' }));
          },
        },
  );

  if (error !== null) return <ProblemNotice error={error} />;
  if (detail === null) {
    return (
      <p role="status" className="loading">
        {t('workspace.conversation.loading')}
      </p>
    );
  }

  const { conversation, contact, messages } = detail;
  return (
    <div className="conversation" data-testid="conversation" data-conversation-id={conversation.id}>
      <div className="conversation__main">
        <header className="conversation__header">
          <h2 data-testid="conversation-heading">{t('workspace.conversation.heading', { contact: conversation.contactLabel })}</h2>
          <p className="conversation__meta">
            <ChannelIcon channel={conversation.channel} /> {channelLabel(t, conversation.channel)} · {conversation.inboxName}
            {conversation.sla !== 'none' && <span className={`tag tag--sla-${conversation.sla}`}>{slaLabel(t, conversation.sla)}</span>}
          </p>
          <DueDates conversation={conversation} />
          {conversation.subject !== null && (
            <p className="conversation__subject">
              {t('workspace.conversation.subject')}: <span data-testid="conversation-subject">{conversation.subject}</span>
            </p>
          )}
        </header>
        <ProblemNotice error={actionError} />
        <ConversationControls
          key={conversation.id}
          conversation={conversation}
          meId={me.id}
          canChange={canReply}
          canAssign={canAssign}
          people={people}
          onChanged={summaryChanged}
        />
        <MessageList conversationId={conversation.id} messages={messages} canReveal={canReveal} />
        <p className="typing-indicator" role="status" data-testid="typing-indicator">
          {customerTyping ? t('workspace.conversation.typing') : ''}
        </p>
        {canReply ? (
          <Composer
            key={conversation.id}
            conversationId={conversation.id}
            mode={mode}
            onModeChange={setMode}
            canned={canned}
            textareaRef={textareaRef}
            onTyping={() => typing(conversation.id)}
            onSent={(message) => setDetail((previous) => (previous === null ? previous : { ...previous, messages: withMessage(previous.messages, message) }))}
          />
        ) : (
          <p className="field__hint">{t('workspace.composer.noReply')}</p>
        )}
      </div>
      <ContactPanel contact={contact} canReveal={canReveal} canReadContact={me.permissions.includes('contacts.read')} currentConversationId={conversation.id} hrefOf={hrefOf} />
    </div>
  );
}

/** The messages with `message` added in order of seq, or replaced when already there (a live frame and the POST's answer both bring it). */
function withMessage(messages: readonly MessageView[], message: MessageView): readonly MessageView[] {
  if (messages.some((m) => m.id === message.id)) return messages.map((m) => (m.id === message.id ? message : m));
  return [...messages, message].sort((a, b) => a.seq - b.seq);
}

/** When the service levels want an answer and a resolution, and until when a snoozed conversation sleeps. */
function DueDates({ conversation }: { readonly conversation: ConversationSummary }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const rows = [
    conversation.firstResponseDueAt !== null && conversation.status !== 'resolved' ? t('workspace.conversation.firstResponseDue', { time: formatTime(conversation.firstResponseDueAt) }) : null,
    conversation.resolutionDueAt !== null && conversation.status !== 'resolved' ? t('workspace.conversation.resolutionDue', { time: formatTime(conversation.resolutionDueAt) }) : null,
    conversation.status === 'snoozed' && conversation.snoozedUntil !== null ? t('workspace.conversation.snoozedUntil', { time: formatTime(conversation.snoozedUntil) }) : null,
  ].filter((row): row is string => row !== null);
  if (rows.length === 0) return null;
  return <p className="conversation__meta">{rows.join(' · ')}</p>;
}
