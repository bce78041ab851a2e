import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSupervision } from '../../api/conversations';
import { useDateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { availabilityLabel, channelLabel } from '../../workspace/labels';
import { hasPermission, useSession } from '../../session/SessionProvider';
import { useLiveConnection } from '../../workspace/useLive';
import '../../styles/workspace.css';

/** Refresh at least this often, live events or not: SLA states change with time alone. */
const REFRESH_EVERY_MS = 15_000;
/** Live events come in bursts; one refresh per burst. */
const LIVE_DEBOUNCE_MS = 1_000;

/** Queues per inbox, their service levels, and the agents' availability and load. */
export function SupervisionPage(): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const supervision = useLoad(() => fetchSupervision());
  const { state } = useSession();
  const live = useLiveConnection({ enabled: hasPermission(state, 'conversations.read') });
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const { reload } = supervision;
  const { subscribe, onReconnected } = live;

  useEffect(() => {
    if (supervision.status === 'ready') setUpdatedAt(new Date().toISOString());
  }, [supervision.status, supervision.data]);

  useEffect(() => {
    const interval = setInterval(reload, REFRESH_EVERY_MS);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe((frame) => {
      if (frame.type !== 'message.added' && frame.type !== 'conversation.changed') return;
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        reload();
      }, LIVE_DEBOUNCE_MS);
    });
    const unsubscribeReconnect = onReconnected(reload);
    return () => {
      clearInterval(interval);
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
      unsubscribeReconnect();
    };
  }, [reload, subscribe, onReconnected]);

  const data = supervision.data;
  return (
    <Page title={t('supervision.title')} heading={t('supervision.heading')}>
      <p className="lead">{t('supervision.intro')}</p>
      <div className="workspace__bar">
        <p role="status" className={`live-state live-state--${live.state}`}>
          {hasPermission(state, 'conversations.read') && <>{t(`workspace.live.${live.state}`)} · </>}
          {updatedAt !== null && t('supervision.updated', { time: formatTime(updatedAt) })}
        </p>
        <button type="button" className="button button--small" onClick={reload} aria-busy={supervision.status === 'loading'}>
          {t('supervision.refresh')}
        </button>
      </div>
      <ProblemNotice error={supervision.error} />
      {supervision.status === 'loading' && data === null && (
        <p role="status" className="loading">
          {t('common.loading')}
        </p>
      )}
      {data !== null && (
        <>
          <section className="card card--full" aria-labelledby="queues-heading">
            <h2 id="queues-heading">{t('supervision.queuesHeading')}</h2>
            {data.inboxes.length === 0 ? (
              <p>{t('supervision.noInboxes')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table" data-testid="queues">
                  <thead>
                    <tr>
                      <th scope="col">{t('supervision.columns.inbox')}</th>
                      <th scope="col">{t('supervision.columns.channel')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.open')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.pending')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.snoozed')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.unassigned')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.warning')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.breached')}</th>
                      <th scope="col">{t('supervision.columns.oldest')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.inboxes.map((row) => (
                      <tr key={row.id}>
                        <th scope="row">{row.name}</th>
                        <td>{channelLabel(t, row.channel)}</td>
                        <td className="numeric">{row.open}</td>
                        <td className="numeric">{row.pending}</td>
                        <td className="numeric">{row.snoozed}</td>
                        <td className="numeric">{row.unassigned}</td>
                        <td className={`numeric${row.warning > 0 ? ' cell--warning' : ''}`}>{row.warning}</td>
                        <td className={`numeric${row.breached > 0 ? ' cell--danger' : ''}`}>{row.breached}</td>
                        <td>{formatTime(row.oldestWaitingSince)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card card--full" aria-labelledby="agents-heading">
            <h2 id="agents-heading">{t('supervision.agentsHeading')}</h2>
            {data.agents.length === 0 ? (
              <p>{t('supervision.noAgents')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table" data-testid="agents">
                  <thead>
                    <tr>
                      <th scope="col">{t('supervision.columns.agent')}</th>
                      <th scope="col">{t('supervision.columns.availability')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.capacity')}</th>
                      <th scope="col" className="numeric">{t('supervision.columns.assignedOpen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.agents.map((agent) => (
                      <tr key={agent.id}>
                        <th scope="row">{agent.name}</th>
                        <td>
                          <span className={`availability availability--${agent.availability}`}>{availabilityLabel(t, agent.availability)}</span>
                        </td>
                        <td className="numeric">{agent.capacity}</td>
                        <td className={`numeric${agent.assignedOpen > agent.capacity ? ' cell--warning' : ''}`}>{agent.assignedOpen}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
