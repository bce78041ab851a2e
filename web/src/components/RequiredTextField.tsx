import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface RequiredTextFieldProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly type: 'email' | 'text' | 'password';
  readonly autoComplete: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly maxLength: number;
  /** The form was submitted with this field empty: say so, next to it and to screen readers. */
  readonly missing: boolean;
  /** A problem shown for the whole form that also concerns this field (a refused sign-in): it marks the field invalid too. */
  readonly problemId?: string | undefined;
}

/** A labelled text input that must not be left empty, with its "required" message tied to it. */
export function RequiredTextField({ id, name, label, type, autoComplete, value, onChange, maxLength, missing, problemId }: RequiredTextFieldProps): ReactNode {
  const { t } = useTranslation();
  const errorId = `${id}-error`;
  const describedBy = [missing ? errorId : undefined, problemId].filter((part) => part !== undefined).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={maxLength}
        required
        aria-invalid={missing || problemId !== undefined ? true : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {missing && (
        <span id={errorId} className="field__error">
          {t('forms.required')}
        </span>
      )}
    </div>
  );
}
