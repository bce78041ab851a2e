import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../api/api-error';
import { passwordStrength, type PasswordStrength } from '../api/identity';
import { en } from '../i18n/en';

interface NewPasswordFieldProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The owner's e-mail address and name: the server counts them as guessable. */
  readonly email?: string;
  readonly userName?: string;
  /** Problem codes the server gave when it refused the password on submit. */
  readonly refused: readonly string[];
}

const minimumLength = 12;
const maximumLength = 256;
/** Waits for a pause in typing before asking the server, so it is not asked on every key. */
const debounceMs = 300;

type PolicyProblem = keyof typeof en.password.problems;
type WarningCode = keyof typeof en.password.warnings;
type SuggestionCode = keyof typeof en.password.suggestions;
const scoreKeys = ['s0', 's1', 's2', 's3', 's4'] as const;

/**
 * A new password with the server's strength meter (POST /api/v1/password/strength): the score
 * 0–4, what the policy refuses, and zxcvbn's advice, each worded in the reader's language from
 * its code. The meter only advises; the server decides again on submit.
 */
export function NewPasswordField({ id, name, label, value, onChange, email, userName, refused }: NewPasswordFieldProps): ReactNode {
  const { t } = useTranslation();
  const strength = useStrength(value, email, userName);
  const hintId = `${id}-hint`;
  const meterId = `${id}-strength`;
  const problemsId = `${id}-problems`;
  const problems = refused.length > 0 ? refused : (strength?.problems ?? []);
  const knownProblems = problems.filter((p): p is PolicyProblem => Object.hasOwn(en.password.problems, p));
  const warning = strength?.warning ?? null;
  const knownWarning = warning !== null && Object.hasOwn(en.password.warnings, warning) ? (warning as WarningCode) : null;
  const suggestions = (strength?.suggestions ?? []).filter((s): s is SuggestionCode => Object.hasOwn(en.password.suggestions, s));
  const score = strength === null ? null : Math.max(0, Math.min(4, Math.round(strength.score)));

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={4096}
        aria-invalid={refused.length > 0 ? true : undefined}
        aria-describedby={[hintId, meterId, knownProblems.length > 0 ? problemsId : ''].filter((s) => s !== '').join(' ')}
        required
      />
      <span id={hintId} className="field__hint">
        {t('password.hint', { min: minimumLength, max: maximumLength })}
      </span>
      <div id={meterId} className="strength" aria-live="polite" data-testid="password-strength" data-score={score ?? ''}>
        {value !== '' && score !== null && (
          <>
            <meter className="strength__meter" min={0} max={4} low={2} high={3} optimum={4} value={score} aria-hidden="true" />
            <span className="strength__label">
              {t('password.strength.label')}: {t(`password.strength.${scoreKeys[score] ?? 's0'}`)}
            </span>
          </>
        )}
        {value !== '' && strength !== null && strength.ok && refused.length === 0 && (
          <span className="strength__ok">{t('password.acceptable')}</span>
        )}
        {knownWarning !== null && <span className="strength__advice">{t(`password.warnings.${knownWarning}`)}</span>}
        {suggestions.length > 0 && (
          <ul className="strength__suggestions">
            {suggestions.map((s) => (
              <li key={s}>{t(`password.suggestions.${s}`)}</li>
            ))}
          </ul>
        )}
      </div>
      {knownProblems.length > 0 && value !== '' && (
        <ul id={problemsId} className="field__error password-problems" data-testid="password-problems">
          {knownProblems.map((p) => (
            <li key={p} data-problem={p}>
              {t(`password.problems.${p}`, { min: minimumLength, max: maximumLength })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function useStrength(password: string, email: string | undefined, userName: string | undefined): PasswordStrength | null {
  const [strength, setStrength] = useState<PasswordStrength | null>(null);

  useEffect(() => {
    if (password === '') {
      setStrength(null);
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const owner = { ...(email !== undefined && email.trim().length >= 3 ? { email: email.trim() } : {}), ...(userName !== undefined && userName.trim() !== '' ? { name: userName.trim().slice(0, 200) } : {}) };
      passwordStrength({ password, ...owner }, controller.signal).then(setStrength, (error: unknown) => {
        // The meter is advice: when it cannot be had, the form still works and the server decides on submit.
        if (!isAbort(error)) setStrength(null);
      });
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [password, email, userName]);

  return strength;
}
