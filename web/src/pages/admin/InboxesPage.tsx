import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import { channels, createInbox, fetchInboxes, issueInboxSecret, updateInbox, type Channel, type InboxView } from '../../api/conversations';
import { fetchTeams, type TeamView } from '../../api/identity';
import { useDateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';
import { channelLabel } from '../../workspace/labels';
import { CopyField } from './CopyField';

/** Inboxes: list, create (with the channel's settings), the web chat embed code and its signing secret. */
export function InboxesPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const inboxes = useLoad(fetchInboxes);
  const mayReadTeams = hasPermission(state, 'users.read');
  const teams = useLoad(async () => (mayReadTeams ? fetchTeams() : []));
  const [created, setCreated] = useState<string | null>(null);

  return (
    <Page title={t('admin.inboxes.title')} heading={t('admin.inboxes.heading')}>
      <p className="lead">{t('admin.inboxes.intro')}</p>
      <ProblemNotice error={inboxes.error ?? teams.error} />
      <section className="card" aria-labelledby="new-inbox-heading">
        <h2 id="new-inbox-heading">{t('admin.inboxes.createHeading')}</h2>
        <InboxForm
          idPrefix="new-inbox"
          teams={teams.data ?? []}
          submitLabel={t('admin.inboxes.create')}
          save={(values) => createInbox(values)}
          onSaved={(inbox) => {
            setCreated(t('admin.inboxes.created', { name: inbox.name }));
            inboxes.reload();
          }}
        />
      </section>
      {created !== null && (
        <p role="status" className="notice notice--success">
          {created}
        </p>
      )}
      <h2 className="section-heading">{t('admin.inboxes.listHeading')}</h2>
      {inboxes.data !== null && inboxes.data.length === 0 && <p className="card">{t('admin.inboxes.none')}</p>}
      {inboxes.data?.map((inbox) => (
        <InboxCard key={inbox.id} inbox={inbox} teams={teams.data ?? []} teamName={teams.data?.find((team) => team.id === inbox.teamId)?.name ?? inbox.teamId} onChanged={inboxes.reload} />
      ))}
    </Page>
  );
}

interface InboxValues {
  readonly name: string;
  readonly channel: Channel;
  readonly teamId: string | null;
  readonly settings: Readonly<Record<string, unknown>>;
}

interface InboxFormProps {
  readonly idPrefix: string;
  readonly teams: readonly TeamView[];
  /** Absent: a new inbox. Present: its values to change (the channel stays). */
  readonly initial?: InboxView;
  readonly submitLabel: string;
  readonly save: (values: InboxValues) => Promise<InboxView>;
  readonly onSaved: (inbox: InboxView) => void;
  readonly onCancel?: () => void;
}

/** An inbox's name, channel, team and the settings of its channel; for a new inbox and for changing one. */
function InboxForm({ idPrefix, teams, initial, submitLabel, save, onSaved, onCancel }: InboxFormProps): ReactNode {
  const { t } = useTranslation();
  const settingsOf = initial?.settings;
  const [name, setName] = useState(initial?.name ?? '');
  const [channel, setChannel] = useState<Channel>(initial?.channel ?? 'webchat');
  const [teamId, setTeamId] = useState(initial?.teamId ?? '');
  const [origins, setOrigins] = useState((settingsOf?.allowedOrigins ?? []).join('\n'));
  const [locale, setLocale] = useState<'nl' | 'en'>(settingsOf?.locale === 'en' ? 'en' : 'nl');
  const [requireIdentity, setRequireIdentity] = useState(settingsOf?.requireIdentity === true);
  const [address, setAddress] = useState(settingsOf?.address ?? '');
  const [fromName, setFromName] = useState(settingsOf?.fromName ?? '');
  const [audioFill, setAudioFill] = useState<'silence' | 'tone'>(settingsOf?.audioFill === 'tone' ? 'tone' : 'silence');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const settings = (): Readonly<Record<string, unknown>> => {
    switch (channel) {
      case 'webchat':
        return { allowedOrigins: origins.split(/\s+/).filter((o) => o !== ''), locale, requireIdentity };
      case 'email':
        return { address: address.trim(), fromName: fromName.trim() };
      case 'voice':
        return { audioFill };
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    if (name.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    save({ name: name.trim(), channel, teamId: teamId === '' ? null : teamId, settings: settings() }).then(
      (inbox) => {
        setBusy(false);
        if (initial === undefined) {
          setName('');
          setOrigins('');
          setAddress('');
          setFromName('');
        }
        onSaved(inbox);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  const id = (field: string): string => `${idPrefix}-${field}`;

  return (
    <form className="stack-form" onSubmit={submit} noValidate>
      <ProblemNotice error={error} />
      {error !== null && error.details.length > 0 && (
        <ul className="field__error">
          {error.details.map((detail, index) => (
            <li key={index}>
              {detail.field ?? ''} {detail.problem}
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={id('name')}>{t('admin.inboxes.name')}</label>
        <input
          id={id('name')}
          type="text"
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? id('name-error') : undefined}
        />
        {missing && (
          <span id={id('name-error')} className="field__error">
            {t('forms.required')}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={id('channel')}>{t('admin.inboxes.channel')}</label>
        <select id={id('channel')} value={channel} disabled={initial !== undefined} onChange={(event) => setChannel(event.target.value as Channel)}>
          {channels.map((option) => (
            <option key={option} value={option}>
              {channelLabel(t, option)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('team')}>{t('admin.inboxes.team')}</label>
        <select id={id('team')} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
          <option value="">{t('admin.inboxes.noTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      {channel === 'webchat' && (
        <>
          <div className="field">
            <label htmlFor={id('origins')}>{t('admin.inboxes.allowedOrigins')}</label>
            <textarea id={id('origins')} rows={3} value={origins} onChange={(event) => setOrigins(event.target.value)} aria-describedby={id('origins-hint')} spellCheck={false} />
            <span id={id('origins-hint')} className="field__hint">
              {t('admin.inboxes.allowedOriginsHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={id('locale')}>{t('admin.inboxes.locale')}</label>
            <select id={id('locale')} value={locale} onChange={(event) => setLocale(event.target.value === 'en' ? 'en' : 'nl')}>
              <option value="nl" lang="nl">
                Nederlands
              </option>
              <option value="en" lang="en">
                English
              </option>
            </select>
          </div>
          <div className="checkbox-field">
            <input id={id('require-identity')} type="checkbox" checked={requireIdentity} onChange={(event) => setRequireIdentity(event.target.checked)} />
            <label htmlFor={id('require-identity')}>{t('admin.inboxes.requireIdentity')}</label>
          </div>
        </>
      )}
      {channel === 'email' && (
        <>
          <div className="field">
            <label htmlFor={id('address')}>{t('admin.inboxes.address')}</label>
            <input id={id('address')} type="email" maxLength={254} value={address} onChange={(event) => setAddress(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={id('from-name')}>{t('admin.inboxes.fromName')}</label>
            <input id={id('from-name')} type="text" maxLength={200} value={fromName} onChange={(event) => setFromName(event.target.value)} />
          </div>
        </>
      )}
      {channel === 'voice' && (
        <div className="field">
          <label htmlFor={id('audio-fill')}>{t('admin.inboxes.audioFill')}</label>
          <select id={id('audio-fill')} value={audioFill} onChange={(event) => setAudioFill(event.target.value === 'tone' ? 'tone' : 'silence')}>
            <option value="silence">{t('admin.inboxes.audioSilence')}</option>
            <option value="tone">{t('admin.inboxes.audioTone')}</option>
          </select>
        </div>
      )}
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

interface InboxCardProps {
  readonly inbox: InboxView;
  readonly teams: readonly TeamView[];
  readonly teamName: string | null;
  readonly onChanged: () => void;
}

function InboxCard({ inbox, teams, teamName, onChanged }: InboxCardProps): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [editing, setEditing] = useState(false);
  const [switching, setSwitching] = useState(false);
  const [secret, setSecret] = useState<{ readonly secret: string; readonly version: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const settings = inbox.settings;

  const switchOnOff = (): void => {
    if (switching) return;
    setSwitching(true);
    setError(null);
    updateInbox(inbox.id, { disabled: inbox.disabledAt === null }).then(
      () => {
        setSwitching(false);
        onChanged();
      },
      (failure: unknown) => {
        setSwitching(false);
        setError(asApiError(failure));
      },
    );
  };

  if (editing) {
    return (
      <section className="card card--wide" aria-labelledby={`inbox-${inbox.id}`} data-testid="inbox-card">
        <h3 id={`inbox-${inbox.id}`}>{t('admin.inboxes.editHeading', { name: inbox.name })}</h3>
        <InboxForm
          idPrefix={`inbox-${inbox.id}`}
          teams={teams}
          initial={inbox}
          submitLabel={t('common.save')}
          save={(values) => updateInbox(inbox.id, { name: values.name, teamId: values.teamId, settings: values.settings })}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      </section>
    );
  }

  const newSecret = (): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    issueInboxSecret(inbox.id).then(
      (issued) => {
        setBusy(false);
        setSecret(issued);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  return (
    <section className="card card--wide" aria-labelledby={`inbox-${inbox.id}`} data-testid="inbox-card">
      <h3 id={`inbox-${inbox.id}`}>
        {inbox.name} <span className="tag">{channelLabel(t, inbox.channel)}</span>
        {inbox.disabledAt !== null && <span className="tag tag--deactivated">{t('admin.inboxes.disabled')}</span>}
      </h3>
      <dl className="facts">
        <div className="facts__pair">
          <dt>{t('admin.inboxes.id')}</dt>
          <dd>
            <code>{inbox.id}</code>
          </dd>
        </div>
        <div className="facts__pair">
          <dt>{t('admin.inboxes.team')}</dt>
          <dd>{teamName ?? t('admin.inboxes.noTeam')}</dd>
        </div>
        {settings.allowedOrigins !== undefined && (
          <div className="facts__pair">
            <dt>{t('admin.inboxes.allowedOrigins')}</dt>
            <dd className="breakable">{settings.allowedOrigins.length === 0 ? '—' : settings.allowedOrigins.join(', ')}</dd>
          </div>
        )}
        {settings.address !== undefined && (
          <div className="facts__pair">
            <dt>{t('admin.inboxes.address')}</dt>
            <dd>{settings.address}</dd>
          </div>
        )}
        {settings.audioFill !== undefined && (
          <div className="facts__pair">
            <dt>{t('admin.inboxes.audioFill')}</dt>
            <dd>{settings.audioFill === 'tone' ? t('admin.inboxes.audioTone') : t('admin.inboxes.audioSilence')}</dd>
          </div>
        )}
        <div className="facts__pair">
          <dt>{t('common.created')}</dt>
          <dd>{formatTime(inbox.createdAt)}</dd>
        </div>
      </dl>
      <ProblemNotice error={error} />
      <div className="button-row button-row--tight">
        <button type="button" className="button button--small" onClick={() => setEditing(true)}>
          {t('admin.inboxes.edit')}
        </button>
        <button type="button" className="button button--small" onClick={switchOnOff} aria-busy={switching}>
          {inbox.disabledAt === null ? t('admin.inboxes.switchOff') : t('admin.inboxes.switchOn')}
        </button>
      </div>
      {inbox.channel === 'webchat' && (
        <>
          <CopyField id={`embed-${inbox.id}`} label={t('admin.inboxes.embed')} value={embedSnippet(window.location.origin, inbox.id)} testId="embed-snippet" />
          <div className="subsection">
            <p className="field__hint">{t('admin.inboxes.newSecretHelp')}</p>
            <button type="button" className="button" onClick={newSecret} aria-busy={busy} data-testid="new-secret">
              {t('admin.inboxes.newSecret')}
            </button>
            {secret !== null && (
              <>
                <CopyField id={`secret-${inbox.id}`} label={t('admin.inboxes.secret', { version: secret.version })} value={secret.secret} testId="inbox-secret" />
                <p className="notice notice--warning">{t('admin.inboxes.secretShownOnce')}</p>
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** The one line a site adds to show the chat widget of this inbox. */
export function embedSnippet(origin: string, inboxId: string): string {
  return `<script src="${origin}/widget.js" data-inbox="${inboxId}" defer></script>`;
}
