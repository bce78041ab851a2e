import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/api-error';
import { ProblemText } from '../../components/ProblemText';

interface CodeFormProps {
  /** Unique on the page: the input's id and the error's id derive from it. */
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly submitLabel: string;
  /** 'one-time' for authenticator codes (digits), 'recovery' for recovery codes (letters too). */
  readonly kind: 'one-time' | 'recovery';
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly onSubmit: (code: string) => void;
  /** Moves focus to the input when the form appears. */
  readonly autoFocus?: boolean;
}

/**
 * One code field and its button: authenticator codes, recovery codes, step-up. The error is
 * tied to the input (aria-describedby) and focus goes back to the input, emptied, after a refusal.
 */
export function CodeForm({ id, label, hint, submitLabel, kind, busy, error, onSubmit, autoFocus = false }: CodeFormProps): ReactNode {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [empty, setEmpty] = useState(false);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    if (error === null) return;
    setCode('');
    inputRef.current?.focus();
  }, [error]);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    const trimmed = code.replace(/\s+/g, '');
    if (trimmed === '') {
      setEmpty(true);
      inputRef.current?.focus();
      return;
    }
    setEmpty(false);
    onSubmit(trimmed);
  };

  const invalid = empty || error !== null;
  return (
    <form className="code-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          ref={inputRef}
          id={id}
          name="code"
          type="text"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete={kind === 'one-time' ? 'one-time-code' : 'off'}
          inputMode={kind === 'one-time' ? 'numeric' : 'text'}
          spellCheck={false}
          maxLength={100}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
        />
        <span id={hintId} className="field__hint">
          {hint}
        </span>
        {invalid && (
          <span id={errorId} className="field__error" role="alert" data-testid="code-error">
            {empty ? t('mfa.codeRequired') : error !== null && <ProblemText error={error} />}
          </span>
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" aria-busy={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
