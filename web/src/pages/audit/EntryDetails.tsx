import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { downloadInclusionProof, type AuditEntry } from '../../api/audit';
import { ProblemMessage } from './ProblemMessage';
import { saveFile } from './save-file';

type ProofState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'preparing' }
  | { readonly kind: 'done'; readonly filename: string }
  | { readonly kind: 'failed'; readonly error: ApiError };

/** The detail panel of one entry: what the table leaves out, and its proof of inclusion. */
export function EntryDetails({ entry }: { readonly entry: AuditEntry }): ReactNode {
  const { t } = useTranslation();
  const detailEntries = Object.entries(entry.details);
  const headingId = `audit-entry-${entry.seq}-heading`;

  return (
    <section className="entry-details" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('audit.details.heading', { seq: entry.seq })}</h3>
      <dl className="facts">
        <dt>{t('audit.details.details')}</dt>
        <dd>
          {detailEntries.length === 0 ? (
            t('audit.details.noDetails')
          ) : (
            <dl className="facts facts--nested">
              {detailEntries.map(([name, value]) => (
                <div key={name} className="facts__pair">
                  <dt>
                    <code>{name}</code>
                  </dt>
                  <dd>
                    <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </dd>
        <dt>{t('audit.details.actionVersion')}</dt>
        <dd>{entry.actionVersion}</dd>
        <dt>{t('audit.details.sourceIp')}</dt>
        <dd>{entry.sourceIp ?? t('audit.details.unknown')}</dd>
        <dt>{t('audit.details.userAgent')}</dt>
        <dd className="breakable">{entry.userAgent ?? t('audit.details.unknown')}</dd>
        <dt>{t('audit.details.leafHash')}</dt>
        <dd>
          <code className="breakable">{entry.leafHash}</code>
        </dd>
        {entry.personal !== null && (
          <>
            <dt>{t('audit.details.personal')}</dt>
            <dd>
              {entry.personal.sealed
                ? t('audit.details.personalSealed', { subject: entry.personal.subject })
                : t('audit.details.personalShredded', { subject: entry.personal.subject })}
            </dd>
          </>
        )}
      </dl>
      <ProofDownload seq={entry.seq} />
    </section>
  );
}

function ProofDownload({ seq }: { readonly seq: number }): ReactNode {
  const { t } = useTranslation();
  const [state, setState] = useState<ProofState>({ kind: 'idle' });
  const helpId = `audit-entry-${seq}-proof-help`;

  const download = (): void => {
    if (state.kind === 'preparing') return;
    setState({ kind: 'preparing' });
    downloadInclusionProof(seq).then(
      (file) => {
        saveFile(file);
        setState({ kind: 'done', filename: file.filename });
      },
      (error: unknown) =>
        setState({ kind: 'failed', error: error instanceof ApiError ? error : new ApiError(0, 'ERR_UNEXPECTED', String(error), null) }),
    );
  };

  return (
    <div className="proof">
      <h4>{t('audit.details.proofHeading')}</h4>
      <p id={helpId} className="field__hint">
        {t('audit.details.proofHelp')}
      </p>
      <button type="button" className="button" aria-describedby={helpId} aria-busy={state.kind === 'preparing'} onClick={download}>
        {t('audit.details.downloadProof')}
      </button>
      <p role="status" className="proof__status">
        {state.kind === 'preparing' && t('audit.details.preparingProof')}
        {state.kind === 'done' && t('audit.details.proofSaved', { filename: state.filename })}
      </p>
      {state.kind === 'failed' && (
        <p role="alert" className="notice notice--warning">
          {state.error.code === 'ERR_AUDIT_NOT_YET_CHECKPOINTED' ? (
            t('audit.details.proofNotYet')
          ) : (
            <ProblemMessage error={state.error} noPermission={t('audit.noPermissionBody')} failed={t('audit.details.proofFailed')} />
          )}
        </p>
      )}
    </div>
  );
}
