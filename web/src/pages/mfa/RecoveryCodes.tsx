import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../audit/save-file';

interface RecoveryCodesProps {
  readonly codes: readonly string[];
  /** After the person confirmed they stored the codes. */
  readonly onDone: () => void;
}

/**
 * The ten recovery codes, shown once: copy them, download them as a text file, and confirm
 * they are stored before going on. The heading takes focus so the codes are read first.
 */
export function RecoveryCodes({ codes, onDone }: RecoveryCodesProps): ReactNode {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [stored, setStored] = useState(false);
  const [missingConfirmation, setMissingConfirmation] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const confirmRef = useRef<HTMLInputElement>(null);
  const text = `${t('mfa.recovery.fileHeader')}\n\n${codes.join('\n')}\n`;

  useEffect(() => headingRef.current?.focus(), []);

  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setCopyState('copied'),
      () => setCopyState('failed'),
    );
  };

  const download = (): void => {
    saveFile({ blob: new Blob([text], { type: 'text/plain;charset=utf-8' }), filename: 'bolwerk-recovery-codes.txt' });
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!stored) {
      setMissingConfirmation(true);
      confirmRef.current?.focus();
      return;
    }
    onDone();
  };

  return (
    <section className="card" aria-labelledby="recovery-codes-heading" data-testid="recovery-codes">
      <h2 id="recovery-codes-heading" ref={headingRef} tabIndex={-1} className="focus-target">
        {t('mfa.recovery.heading')}
      </h2>
      <p>{t('mfa.recovery.intro')}</p>
      <ol className="recovery-codes" aria-label={t('mfa.recovery.listLabel')}>
        {codes.map((code) => (
          <li key={code}>
            <code data-testid="recovery-code">{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button" onClick={copy}>
          {t('mfa.recovery.copy')}
        </button>
        <button type="button" className="button" onClick={download}>
          {t('mfa.recovery.download')}
        </button>
      </div>
      <p role="status" className="field__hint">
        {copyState === 'copied' && t('mfa.recovery.copied')}
        {copyState === 'failed' && t('mfa.recovery.copyFailed')}
      </p>
      <form onSubmit={submit} noValidate>
        <div className="checkbox-field">
          <input
            ref={confirmRef}
            id="recovery-codes-stored"
            type="checkbox"
            checked={stored}
            onChange={(event) => {
              setStored(event.target.checked);
              if (event.target.checked) setMissingConfirmation(false);
            }}
            aria-invalid={missingConfirmation ? true : undefined}
            aria-describedby={missingConfirmation ? 'recovery-codes-stored-error' : undefined}
          />
          <label htmlFor="recovery-codes-stored">{t('mfa.recovery.stored')}</label>
        </div>
        {missingConfirmation && (
          <p id="recovery-codes-stored-error" className="field__error" role="alert">
            {t('mfa.recovery.storedRequired')}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('mfa.recovery.continue')}
          </button>
        </div>
      </form>
    </section>
  );
}
