import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../api/api-error';
import { assignConversation, priorities, setConversationLabels, updateConversation, type ConversationSummary, type Priority } from '../api/conversations';
import { ProblemNotice } from '../components/ProblemText';
import { priorityLabel, statusLabel } from './labels';

interface ControlsProps {
  readonly conversation: ConversationSummary;
  readonly meId: string;
  /** conversations.reply: status, priority, labels, taking it oneself. */
  readonly canChange: boolean;
  /** conversations.assign: assigning anyone. */
  readonly canAssign: boolean;
  readonly people: readonly { readonly id: string; readonly name: string }[];
  readonly onChanged: (conversation: ConversationSummary) => void;
}

/** Status, priority, snooze, assignee and labels of the open conversation. */
export function ConversationControls({ conversation, meId, canChange, canAssign, people, onChanged }: ControlsProps): ReactNode {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [snoozeUntil, setSnoozeUntil] = useState('');
  const [assignee, setAssignee] = useState(conversation.assignee?.id ?? '');
  const [newLabel, setNewLabel] = useState('');

  const change = (action: () => Promise<ConversationSummary>): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    action().then(
      (updated) => {
        setBusy(false);
        setAssignee(updated.assignee?.id ?? '');
        onChanged(updated);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  const snooze = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const until = new Date(snoozeUntil);
    if (snoozeUntil === '' || Number.isNaN(until.getTime())) return;
    change(() => updateConversation(conversation.id, { status: 'snoozed', snoozedUntil: until.toISOString() }));
  };

  const addLabel = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const label = newLabel.trim();
    if (label === '' || conversation.labels.includes(label)) return;
    change(async () => {
      const updated = await setConversationLabels(conversation.id, [...conversation.labels, label]);
      setNewLabel('');
      return updated;
    });
  };

  const assignedToMe = conversation.assignee?.id === meId;
  const candidates = people.some((p) => p.id === conversation.assignee?.id) || conversation.assignee === null ? people : [...people, conversation.assignee];

  return (
    <section className="conversation-controls" aria-labelledby="controls-heading" aria-busy={busy}>
      <h2 id="controls-heading" className="visually-hidden">
        {t('workspace.controls.heading')}
      </h2>
      <ProblemNotice error={error} />
      <div className="conversation-controls__row">
        <div className="field field--inline">
          <label htmlFor="control-status">{t('workspace.controls.status')}</label>
          <select
            id="control-status"
            value={conversation.status}
            disabled={!canChange}
            data-testid="control-status"
            onChange={(event) => {
              const status = event.target.value;
              if (status === 'open' || status === 'pending' || status === 'resolved') change(() => updateConversation(conversation.id, { status }));
            }}
          >
            {(['open', 'pending', 'resolved'] as const).map((status) => (
              <option key={status} value={status}>
                {statusLabel(t, status)}
              </option>
            ))}
            {conversation.status === 'snoozed' && <option value="snoozed">{statusLabel(t, 'snoozed')}</option>}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="control-priority">{t('workspace.controls.priority')}</label>
          <select
            id="control-priority"
            value={conversation.priority}
            disabled={!canChange}
            onChange={(event) => change(() => updateConversation(conversation.id, { priority: event.target.value as Priority }))}
          >
            {priorities.map((priority) => (
              <option key={priority} value={priority}>
                {priorityLabel(t, priority)}
              </option>
            ))}
          </select>
        </div>
        {canChange && (
          <form className="inline-form" onSubmit={snooze}>
            <label htmlFor="control-snooze">{t('workspace.controls.snoozeUntil')}</label>
            <input id="control-snooze" type="datetime-local" value={snoozeUntil} onChange={(event) => setSnoozeUntil(event.target.value)} />
            <button type="submit" className="button button--small">
              {t('workspace.controls.snooze')}
            </button>
          </form>
        )}
      </div>
      <div className="conversation-controls__row">
        <span>
          {t('workspace.controls.assignee')}: <strong data-testid="assignee-name">{conversation.assignee?.name ?? t('workspace.controls.nobody')}</strong>
        </span>
        {canChange && !assignedToMe && (conversation.assignee === null || canAssign) && (
          <button type="button" className="button button--small" data-testid="assign-to-me" onClick={() => change(() => assignConversation(conversation.id, meId))}>
            {t('workspace.controls.assignToMe')}
          </button>
        )}
        {canAssign && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              change(() => assignConversation(conversation.id, assignee === '' ? null : assignee));
            }}
          >
            <label htmlFor="control-assignee" className="visually-hidden">
              {t('workspace.controls.assignee')}
            </label>
            <select id="control-assignee" value={assignee} onChange={(event) => setAssignee(event.target.value)}>
              <option value="">{t('workspace.controls.nobody')}</option>
              {candidates.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--small">
              {t('workspace.controls.assign')}
            </button>
          </form>
        )}
      </div>
      <div className="conversation-controls__row">
        <span>{t('workspace.controls.labels')}:</span>
        {conversation.labels.length === 0 ? (
          <span className="field__hint">{t('workspace.controls.noLabels')}</span>
        ) : (
          <ul className="label-list">
            {conversation.labels.map((label) => (
              <li key={label} className="label-chip">
                <span>{label}</span>
                {canChange && (
                  <button
                    type="button"
                    className="label-chip__remove"
                    aria-label={t('workspace.controls.removeLabel', { label })}
                    onClick={() => change(() => setConversationLabels(conversation.id, conversation.labels.filter((l) => l !== label)))}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canChange && (
          <form className="inline-form" onSubmit={addLabel}>
            <label htmlFor="control-new-label" className="visually-hidden">
              {t('workspace.controls.addLabel')}
            </label>
            <input id="control-new-label" type="text" maxLength={50} value={newLabel} onChange={(event) => setNewLabel(event.target.value)} />
            <button type="submit" className="button button--small">
              {t('workspace.controls.addLabel')}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
