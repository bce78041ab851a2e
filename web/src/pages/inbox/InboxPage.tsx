import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { fetchInboxes, fetchSupervision, type ConversationSummary } from '../../api/conversations';
import { fetchUsers } from '../../api/identity';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { useSession } from '../../session/SessionProvider';
import { ConversationList } from '../../workspace/ConversationList';
import { ConversationView } from '../../workspace/ConversationView';
import { apiFilterOf, filtersFromSearch, filtersToSearch, type InboxFilters } from '../../workspace/filters';
import { InboxSidebar } from '../../workspace/InboxSidebar';
import { ShortcutsHelp } from '../../workspace/ShortcutsHelp';
import { useConversationList } from '../../workspace/useConversationList';
import { useLiveConnection } from '../../workspace/useLive';
import { useShortcuts } from '../../workspace/useShortcuts';
import '../../styles/workspace.css';

type Person = { readonly id: string; readonly name: string };

/**
 * The agent workspace: the inboxes one's roles reach, their conversations (live), and the open
 * conversation at /inbox/:conversationId. The filters live in the address.
 */
export function InboxPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const { conversationId = null } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const searchText = searchParams.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(searchText)), [searchText]);
  const apiFilter = useMemo(() => apiFilterOf(filters), [filters]);
  const live = useLiveConnection();
  const list = useConversationList(apiFilter, live);
  const inboxes = useLoad(fetchInboxes);
  const permissions = useMemo(() => (state.status === 'signed-in' ? state.me.permissions : []), [state]);
  const people = usePeople(permissions);
  const searchRef = useRef<HTMLInputElement>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const me = useMemo(() => ({ id: state.status === 'signed-in' ? state.me.user.id : '', permissions }), [state, permissions]);

  const hrefOf = useCallback((id: string) => `/inbox/${encodeURIComponent(id)}${searchText === '' ? '' : `?${searchText}`}`, [searchText]);

  const changeFilters = (next: InboxFilters): void => {
    setSearchParams(filtersToSearch(next));
  };

  const step = (by: 1 | -1): void => {
    const ids = list.conversations.map((c) => c.id);
    if (ids.length === 0) return;
    const at = conversationId === null ? -1 : ids.indexOf(conversationId);
    const next = at === -1 ? (by === 1 ? ids[0] : ids.at(-1)) : ids[Math.min(ids.length - 1, Math.max(0, at + by))];
    if (next !== undefined && next !== conversationId) void navigate(hrefOf(next));
  };

  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    '/': () => searchRef.current?.focus(),
    '?': () => setHelpOpen(true),
  });

  // A change made here shows in the list at once (the list refreshes; live frames follow too).
  const { refresh } = list;
  const onSummaryChanged = useCallback((_summary: ConversationSummary) => refresh(), [refresh]);

  return (
    <Page title={t('workspace.title')} heading={t('workspace.heading')}>
      <div className="workspace__bar">
        <p role="status" className={`live-state live-state--${live.state}`} data-testid="live-state" data-state={live.state}>
          {t(`workspace.live.${live.state}`)}
        </p>
        <button type="button" className="button button--small" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          {t('workspace.shortcuts.button')} <kbd>?</kbd>
        </button>
      </div>
      <ProblemNotice error={inboxes.error} />
      <div className="workspace">
        <InboxSidebar inboxes={inboxes.data ?? []} filters={filters} counts={list.counts} people={people} searchRef={searchRef} onChange={changeFilters} />
        <ConversationList list={list} selectedId={conversationId} hrefOf={hrefOf} />
        <section className="workspace__detail" aria-label={t('workspace.conversation.messagesLabel')}>
          {conversationId === null ? (
            <p className="field__hint">{t('workspace.conversation.none')}</p>
          ) : (
            <ConversationView key={conversationId} conversationId={conversationId} live={live} me={me} people={people} hrefOf={hrefOf} onSummaryChanged={onSummaryChanged} />
          )}
        </section>
      </div>
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </Page>
  );
}

/** Whom conversations can be assigned to: the agents supervision lists, else the staff accounts one may read. */
function usePeople(permissions: readonly string[]): readonly Person[] {
  const [people, setPeople] = useState<readonly Person[]>([]);
  const mayReadReports = permissions.includes('reports.read');
  const mayReadUsers = permissions.includes('users.read');

  useEffect(() => {
    let current = true;
    const load = async (): Promise<readonly Person[]> => {
      if (mayReadReports) return (await fetchSupervision()).agents.map((a) => ({ id: a.id, name: a.name }));
      if (mayReadUsers) return (await fetchUsers()).filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.name === '' ? u.email : u.name }));
      return [];
    };
    load().then(
      (found) => current && setPeople(found),
      () => current && setPeople([]),
    );
    return () => {
      current = false;
    };
  }, [mayReadReports, mayReadUsers]);

  return people;
}
