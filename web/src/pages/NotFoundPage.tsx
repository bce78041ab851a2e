import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../components/Page';

export function NotFoundPage(): ReactNode {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')} heading={t('notFound.heading')}>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.homeLink')}</Link>
      </p>
    </Page>
  );
}
