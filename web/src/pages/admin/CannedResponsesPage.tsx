import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import { createCannedResponse, deleteCannedResponse, fetchCannedResponses, fetchInboxes, updateCannedResponse, type CannedResponse, type InboxView } from '../../api/conversations';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';

const SHORTCUT = /^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/;

/** Canned responses: ready answers agents insert with /shortcut, for one inbox or all of them. */
export function CannedResponsesPage(): ReactNode {
  const { t } = useTranslation();
  const responses = useLoad(() => fetchCannedResponses());
  const inboxes = useLoad(fetchInboxes);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const inboxName = (id: string | null): string => (id === null ? t('admin.canned.everywhere') : (inboxes.data?.find((inbox) => inbox.id === id)?.name ?? id));

  const remove = (response: CannedResponse): void => {
    setError(null);
    deleteCannedResponse(response.id).then(responses.reload, (failure: unknown) => setError(asApiError(failure)));
  };

  return (
    <Page title={t('admin.canned.title')} heading={t('admin.canned.heading')}>
      <p className="lead">{t('admin.canned.intro')}</p>
      <ProblemNotice error={responses.error ?? inboxes.error ?? error} />
      <section className="card" aria-labelledby="new-canned-heading">
        <h2 id="new-canned-heading">{t('admin.canned.createHeading')}</h2>
        <CannedForm idPrefix="new-canned" inboxes={inboxes.data ?? []} submitLabel={t('admin.canned.create')} save={(value) => createCannedResponse(value)} onSaved={responses.reload} />
      </section>
      <section className="card card--wide" aria-labelledby="canned-list-heading">
        <h2 id="canned-list-heading">{t('admin.canned.listHeading')}</h2>
        {responses.data !== null && responses.data.length === 0 && <p>{t('admin.canned.none')}</p>}
        <ul className="plain-list" data-testid="canned-list">
          {responses.data?.map((response) => (
            <li key={response.id}>
              {editing === response.id ? (
                <>
                  <h3>{t('admin.canned.editHeading', { shortcut: `/${response.shortcut}` })}</h3>
                  <CannedForm
                    idPrefix={`canned-${response.id}`}
                    inboxes={inboxes.data ?? []}
                    initial={response}
                    submitLabel={t('common.save')}
                    save={(value) => updateCannedResponse(response.id, value)}
                    onSaved={() => {
                      setEditing(null);
                      responses.reload();
                    }}
                    onCancel={() => setEditing(null)}
                  />
                </>
              ) : (
                <div className="canned-row">
                  <div>
                    <strong>/{response.shortcut}</strong> — {response.title} <span className="tag">{inboxName(response.inboxId)}</span>
                    <p className="canned-row__body">{response.body}</p>
                  </div>
                  <div className="button-row button-row--tight">
                    <button type="button" className="button button--small" onClick={() => setEditing(response.id)}>
                      {t('admin.canned.edit')}
                    </button>
                    <button type="button" className="button button--small" onClick={() => remove(response)} aria-label={t('admin.canned.removeNamed', { shortcut: `/${response.shortcut}` })}>
                      {t('admin.canned.remove')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

interface CannedFormProps {
  readonly idPrefix: string;
  readonly inboxes: readonly InboxView[];
  readonly initial?: CannedResponse;
  readonly submitLabel: string;
  readonly save: (value: Omit<CannedResponse, 'id'>) => Promise<void>;
  readonly onSaved: () => void;
  readonly onCancel?: () => void;
}

function CannedForm({ idPrefix, inboxes, initial, submitLabel, save, onSaved, onCancel }: CannedFormProps): ReactNode {
  const { t } = useTranslation();
  const [inboxId, setInboxId] = useState(initial?.inboxId ?? '');
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    const problems = new Set<string>();
    const cleanShortcut = shortcut.trim().replace(/^\//, '');
    if (!SHORTCUT.test(cleanShortcut)) problems.add('shortcut');
    if (title.trim() === '') problems.add('title');
    if (body.trim() === '') problems.add('body');
    setInvalid(problems);
    if (problems.size > 0) return;
    setBusy(true);
    setError(null);
    save({ inboxId: inboxId === '' ? null : inboxId, shortcut: cleanShortcut, title: title.trim(), body }).then(
      () => {
        setBusy(false);
        if (initial === undefined) {
          setShortcut('');
          setTitle('');
          setBody('');
        }
        onSaved();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  const errorFor = (field: string, text: string): ReactNode =>
    invalid.has(field) ? (
      <span id={`${idPrefix}-${field}-error`} className="field__error">
        {text}
      </span>
    ) : null;

  return (
    <form className="stack-form" onSubmit={submit} noValidate>
      <ProblemNotice error={error} />
      <div className="field">
        <label htmlFor={`${idPrefix}-inbox`}>{t('admin.canned.inbox')}</label>
        <select id={`${idPrefix}-inbox`} value={inboxId} onChange={(event) => setInboxId(event.target.value)}>
          <option value="">{t('admin.canned.everywhere')}</option>
          {inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-shortcut`}>{t('admin.canned.shortcut')}</label>
        <input
          id={`${idPrefix}-shortcut`}
          type="text"
          maxLength={51}
          value={shortcut}
          spellCheck={false}
          onChange={(event) => setShortcut(event.target.value)}
          aria-invalid={invalid.has('shortcut') ? true : undefined}
          aria-describedby={`${idPrefix}-shortcut-hint${invalid.has('shortcut') ? ` ${idPrefix}-shortcut-error` : ''}`}
        />
        <span id={`${idPrefix}-shortcut-hint`} className="field__hint">
          {t('admin.canned.shortcutHint')}
        </span>
        {errorFor('shortcut', t('admin.canned.shortcutHint'))}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-title`}>{t('admin.canned.titleField')}</label>
        <input
          id={`${idPrefix}-title`}
          type="text"
          maxLength={200}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={invalid.has('title') ? true : undefined}
          aria-describedby={invalid.has('title') ? `${idPrefix}-title-error` : undefined}
        />
        {errorFor('title', t('forms.required'))}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-body`}>{t('admin.canned.body')}</label>
        <textarea
          id={`${idPrefix}-body`}
          rows={4}
          maxLength={10_000}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-invalid={invalid.has('body') ? true : undefined}
          aria-describedby={invalid.has('body') ? `${idPrefix}-body-error` : undefined}
        />
        {errorFor('body', t('forms.required'))}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" aria-busy={busy}>
          {submitLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
