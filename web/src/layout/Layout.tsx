import { useEffect, useRef, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitcher } from './LanguageSwitcher';
import { navItems } from './navigation';

interface LayoutProps {
  /** Rendered in <main> instead of the matched route; used by the error page. */
  children?: ReactNode;
}

export function Layout({ children }: LayoutProps): ReactNode {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigation(mainRef);

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
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1} ref={mainRef}>
        {children ?? <Outlet />}
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
      </footer>
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
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname, mainRef]);
}
