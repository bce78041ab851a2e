import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A value to hand on (an enrolment link): shown read-only, selectable, with a copy button. */
export function CopyField({ id, label, value, testId }: { readonly id: string; readonly label: string; readonly value: string; readonly testId?: string }): ReactNode {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = (): void => {
    navigator.clipboard.writeText(value).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field__row">
        <input id={id} type="text" readOnly value={value} data-testid={testId} onFocus={(event) => event.target.select()} spellCheck={false} />
        <button type="button" className="button" onClick={copy}>
          {t('common.copy')}
        </button>
      </div>
      <span role="status" className="field__hint">
        {copied === 'copied' && t('common.copied')}
        {copied === 'failed' && t('common.copyFailed')}
      </span>
    </div>
  );
}
