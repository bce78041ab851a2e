import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../api/api-error';
import { sendMessage, type CannedResponse, type MessageView } from '../api/conversations';
import { ProblemNotice } from '../components/ProblemText';

export type ComposerMode = 'reply' | 'note';

interface ComposerProps {
  readonly conversationId: string;
  readonly mode: ComposerMode;
  readonly onModeChange: (mode: ComposerMode) => void;
  readonly canned: readonly CannedResponse[];
  readonly textareaRef: RefObject<HTMLTextAreaElement | null>;
  readonly onSent: (message: MessageView) => void;
  /** Tells the customer the agent types (replies only; never for notes). */
  readonly onTyping: () => void;
}

/** How often "the agent is typing" is sent while they type. */
const TYPING_EVERY_MS = 3_000;
const MAX_BODY_CHARS = 10_000;

/**
 * The answer box: a reply to the customer or an internal note, canned responses by `/shortcut`
 * or from the list, Ctrl+Enter (or ⌘+Enter) to send.
 */
export function Composer({ conversationId, mode, onModeChange, canned, textareaRef, onSent, onTyping }: ComposerProps): ReactNode {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const lastTyping = useRef(0);
  const suggestions = cannedMatching(body, canned);

  const insert = (response: CannedResponse): void => {
    setBody(response.body);
    textareaRef.current?.focus();
  };

  const send = (): void => {
    if (busy || body.trim() === '') return;
    setBusy(true);
    setError(null);
    sendMessage(conversationId, { body, kind: mode }).then(
      (message) => {
        setBusy(false);
        setBody('');
        onSent(message);
        textareaRef.current?.focus();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
      return;
    }
    if (event.key === 'Escape') {
      // Leaving the box by keyboard hands the single-key shortcuts back (they never fire while typing).
      event.preventDefault();
      event.currentTarget.blur();
      return;
    }
    const first = suggestions[0];
    if ((event.key === 'Tab' || event.key === 'Enter') && !event.shiftKey && first !== undefined) {
      event.preventDefault();
      insert(first);
    }
  };

  const onInput = (value: string): void => {
    setBody(value);
    const now = Date.now();
    if (mode === 'reply' && value !== '' && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      onTyping();
    }
  };

  return (
    <section className={`composer composer--${mode}`} aria-labelledby="composer-heading">
      <h2 id="composer-heading" className="visually-hidden">
        {t('workspace.composer.heading')}
      </h2>
      <form onSubmit={submit} noValidate>
        <div className="composer__modes" role="group" aria-label={t('workspace.composer.heading')}>
          <button type="button" className="composer__mode" aria-pressed={mode === 'reply'} data-testid="mode-reply" onClick={() => onModeChange('reply')}>
            {t('workspace.composer.reply')}
          </button>
          <button type="button" className="composer__mode" aria-pressed={mode === 'note'} data-testid="mode-note" onClick={() => onModeChange('note')}>
            {t('workspace.composer.note')}
          </button>
        </div>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor="composer-body">{mode === 'reply' ? t('workspace.composer.replyLabel') : t('workspace.composer.noteLabel')}</label>
          <textarea
            id="composer-body"
            ref={textareaRef}
            rows={4}
            maxLength={MAX_BODY_CHARS}
            value={body}
            onChange={(event) => onInput(event.target.value)}
            onKeyDown={onKeyDown}
            aria-describedby="composer-hint"
            data-testid="composer-body"
          />
          <span id="composer-hint" className="field__hint">
            {t('workspace.composer.hint')}
          </span>
        </div>
        {suggestions.length > 0 && (
          <div className="canned-suggestions">
            <p className="field__hint" id="canned-suggestions-label">
              {t('workspace.composer.suggestions', { shortcut: body })}
            </p>
            <ul className="plain-list" aria-labelledby="canned-suggestions-label">
              {suggestions.map((response) => (
                <li key={response.id}>
                  <button type="button" className="link-button" onClick={() => insert(response)}>
                    /{response.shortcut} — {response.title}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="composer__actions">
          {canned.length > 0 && (
            <div className="field field--inline">
              <label htmlFor="composer-canned">{t('workspace.composer.canned')}</label>
              <select
                id="composer-canned"
                value=""
                onChange={(event) => {
                  const chosen = canned.find((response) => response.id === event.target.value);
                  if (chosen !== undefined) insert(chosen);
                }}
              >
                <option value="">{t('workspace.composer.chooseCanned')}</option>
                {canned.map((response) => (
                  <option key={response.id} value={response.id}>
                    /{response.shortcut} — {response.title}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="submit" className="button button--primary" aria-busy={busy} data-testid="composer-send">
            {busy ? t('workspace.composer.sending') : mode === 'reply' ? t('workspace.composer.send') : t('workspace.composer.addNote')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Canned responses whose shortcut starts with what follows a leading "/" (and nothing else typed yet). */
export function cannedMatching(body: string, canned: readonly CannedResponse[]): readonly CannedResponse[] {
  const match = /^\/([\w-]*)$/.exec(body);
  if (match === null) return [];
  const prefix = (match[1] ?? '').toLowerCase();
  return canned.filter((response) => response.shortcut.toLowerCase().startsWith(prefix)).slice(0, 8);
}
