import { useEffect, useRef, useState, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useSession } from '../session/SessionProvider';
import { StepUpDialog } from '../session/StepUpDialog';
import { AvailabilitySwitcher } from './AvailabilitySwitcher';
import { LanguageSwitcher } from './LanguageSwitcher';
import { visibleNavItems } from './navigation';

interface LayoutProps {
  /** Rendered in <main> instead of the matched route; used by the error page. */
  children?: ReactNode;
}

export function Layout({ children }: LayoutProps): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const mainRef = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigation(mainRef);
  const navItems = visibleNavItems(state.status === 'signed-in' ? state.me.permissions : null);

  // Moving focus by script rather than following href="#main" keeps the URL (and with it a
  // setup token in the fragment) as it is.
  const skipToContent = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToContent}>
        {t('skipLink')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link className="brand" to="/">
            {t('app.name')}
          </Link>
          <nav className="primary-nav" aria-label={t('nav.label')}>
            <ul className="primary-nav__list">
              {navItems.map((item) => (
                <li key={item.to}>
                  <NavLink className="primary-nav__link" to={item.to} end={item.end ?? false}>
                    {t(`nav.${item.labelKey}`)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          {/* Keyed by person: a sign-in as someone else starts from their own availability. */}
          {hasPermission(state, 'conversations.reply') && state.status === 'signed-in' && <AvailabilitySwitcher key={state.me.user.id} />}
          <AccountArea />
          <LanguageSwitcher />
        </div>
      </header>
      <StepUpDialog />
      <main id="main" className="site-main" tabIndex={-1} ref={mainRef}>
        {children ?? <Outlet />}
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
      </footer>
    </div>
  );
}

/** Who is signed in, with their account page and sign-out; or the way to sign in. */
function AccountArea(): ReactNode {
  const { t } = useTranslation();
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);

  if (state.status === 'checking') return null;
  if (state.status === 'signed-out') {
    if (pathname === '/sign-in') return null;
    return (
      <div className="account-area">
        <Link className="account-area__link" to="/sign-in">
          {t('session.signIn')}
        </Link>
      </div>
    );
  }

  const leave = (): void => {
    if (signingOut) return;
    setSigningOut(true);
    void signOut(() => navigate('/sign-in?reason=signed-out', { flushSync: true })).finally(() => setSigningOut(false));
  };

  return (
    <div className="account-area">
      <span className="account-area__who">
        {t('session.signedInAs')}{' '}
        <Link className="account-area__link" to="/account" data-testid="signed-in-as">
          {state.me.user.name}
        </Link>
      </span>
      <button type="button" className="account-area__sign-out" data-testid="sign-out" aria-busy={signingOut} onClick={leave}>
        {t('session.signOut')}
      </button>
    </div>
  );
}

/**
 * After a client-side navigation, moves focus to the new page's h1 so keyboard and screen
 * reader users start at the new content. The first load keeps the browser's own focus order,
 * so Tab still reaches the skip link first.
 */
function useFocusHeadingOnNavigation(mainRef: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  const previousPathname = useRef(pathname);

  useEffect(() => {
    const samePage = pageOf(previousPathname.current) === pageOf(pathname);
    previousPathname.current = pathname;
    if (samePage) return;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname, mainRef]);
}

/**
 * Which page a path shows: opening another conversation in the workspace (/inbox/:id) stays on
 * the same page, so focus stays where the reader was (the list, or a shortcut's target).
 */
function pageOf(pathname: string): string {
  return pathname.startsWith('/inbox/') ? '/inbox' : pathname;
}
