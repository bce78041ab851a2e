import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { asApiError, type ApiError } from '../api/api-error';
import { fetchContact, revealContactField, type ContactField, type ContactView, type ConversationSummary } from '../api/conversations';
import { useDateTime } from '../components/format';
import { ProblemNotice } from '../components/ProblemText';
import { channelLabel, statusLabel } from './labels';
import { RevealButton } from './Reveal';

/**
 * Who the conversation is with, masked as the server sends it ("j***@example.nl"). Someone who may
 * reveal personal data can see a field in full for a while, with a reason and a fresh second factor.
 */
interface ContactPanelProps {
  readonly contact: ContactView;
  readonly canReveal: boolean;
  /** contacts.read: the contact's other conversations may be listed (an audited read, so only on request). */
  readonly canReadContact: boolean;
  readonly currentConversationId: string;
  readonly hrefOf: (conversationId: string) => string;
}

export function ContactPanel({ contact, canReveal, canReadContact, currentConversationId, hrefOf }: ContactPanelProps): ReactNode {
  const { t } = useTranslation();
  const fields: readonly { readonly field: ContactField; readonly label: string; readonly value: string | null }[] = [
    { field: 'name', label: t('workspace.contact.name'), value: contact.name },
    { field: 'email', label: t('workspace.contact.email'), value: contact.email },
    { field: 'phone', label: t('workspace.contact.phone'), value: contact.phone },
  ];

  return (
    <section className="contact-panel" aria-labelledby="contact-heading" data-testid="contact-panel">
      <h2 id="contact-heading">{t('workspace.contact.heading')}</h2>
      <dl className="facts">
        <div className="facts__pair">
          <dt>{t('workspace.contact.label')}</dt>
          <dd>{contact.label}</dd>
        </div>
        {fields.map(({ field, label, value }) => (
          <div key={field} className="facts__pair">
            <dt>{label}</dt>
            <dd>
              <span data-testid={`contact-${field}`}>{value ?? t('workspace.contact.unknown')}</span>
              {canReveal && value !== null && (
                <>
                  {' '}
                  <RevealButton what={label.toLowerCase()} reveal={(reason) => revealContactField(contact.id, field, reason)} testId={`reveal-contact-${field}`} />
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {canReadContact && <OtherConversations contactId={contact.id} currentConversationId={currentConversationId} hrefOf={hrefOf} />}
    </section>
  );
}

function OtherConversations({ contactId, currentConversationId, hrefOf }: { readonly contactId: string; readonly currentConversationId: string; readonly hrefOf: (id: string) => string }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [others, setOthers] = useState<readonly ConversationSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const load = (): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    fetchContact(contactId).then(
      (found) => {
        setBusy(false);
        setOthers(found.conversations.filter((c) => c.id !== currentConversationId));
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  return (
    <div className="subsection">
      <h3>{t('workspace.contact.others')}</h3>
      <ProblemNotice error={error} />
      {others === null ? (
        <button type="button" className="button button--small" onClick={load} aria-busy={busy}>
          {t('workspace.contact.showOthers')}
        </button>
      ) : others.length === 0 ? (
        <p className="field__hint">{t('workspace.contact.noOthers')}</p>
      ) : (
        <ul className="plain-list">
          {others.map((other) => (
            <li key={other.id}>
              <Link to={hrefOf(other.id)}>
                {channelLabel(t, other.channel)} · {statusLabel(t, other.status)} · {formatTime(other.lastMessageAt)}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
