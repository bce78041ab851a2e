import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { Page } from '../components/Page';
import { hasPermission, useSession } from './SessionProvider';

interface RequireSignInProps {
  /** Shown as the page's title while the session is checked, and when access is refused. */
  readonly title: string;
  /** Any one of these permissions opens the page; none named: being signed in is enough. */
  readonly anyOf?: readonly string[];
  readonly children: ReactNode;
}

/**
 * A page for signed-in people only: someone signed out goes to the sign-in page, which brings
 * them back here afterwards; someone without the permission is told so. The server checks again
 * on every request: this only keeps people from a page that could show them nothing.
 */
export function RequireSignIn({ title, anyOf = [], children }: RequireSignInProps): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const location = useLocation();

  if (state.status === 'checking') {
    return (
      <Page title={title} heading={title}>
        <p role="status" className="loading">
          {t('session.checking')}
        </p>
      </Page>
    );
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (anyOf.length > 0 && !anyOf.some((permission) => hasPermission(state, permission))) {
    return (
      <Page title={title} heading={title}>
        <div className="card" data-testid="no-permission">
          <p className="notice notice--warning">{t('session.noPermission')}</p>
        </div>
      </Page>
    );
  }
  return children;
}

/** A path to return to after signing in: only this site's own paths, never another origin. */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in') || next.startsWith('/setup') || next.startsWith('/enrol')) return '/';
  return next;
}
