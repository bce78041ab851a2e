import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';
import { Page } from '../components/Page';

/** Shown inside the layout when rendering a page throws; the details go to the console only. */
export function ErrorPage(): ReactNode {
  const { t } = useTranslation();
  const error = useRouteError();

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <Page title={t('error.title')} heading={t('error.heading')}>
      <p>{t('error.body')}</p>
      <p>
        <Link to="/">{t('error.homeLink')}</Link>
      </p>
    </Page>
  );
}
