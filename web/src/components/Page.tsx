import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface PageProps {
  /** The page's own name; the document title adds the product name. */
  title: string;
  /** The page's single h1. */
  heading: string;
  children?: ReactNode;
}

/**
 * The frame every page uses: it sets the translated document title and renders the one h1.
 * The h1 can take focus (tabIndex -1), so the layout can move focus to it after a navigation.
 */
export function Page({ title, heading, children }: PageProps): ReactNode {
  const { t } = useTranslation();
  const documentTitle = t('app.documentTitle', { page: title });

  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);

  return (
    <div className="page">
      <h1 className="page__heading" tabIndex={-1}>
        {heading}
      </h1>
      {children}
    </div>
  );
}
