import { createBrowserRouter } from 'react-router';
import { Layout } from './layout/Layout';
import { AuditPage } from './pages/audit/AuditPage';
import { ErrorPage } from './pages/ErrorPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SetupPage } from './pages/SetupPage';

export function createRouter(): ReturnType<typeof createBrowserRouter> {
  return createBrowserRouter([
    {
      path: '/',
      element: <Layout />,
      // Errors in the layout itself: show the error page in a fresh layout.
      errorElement: (
        <Layout>
          <ErrorPage />
        </Layout>
      ),
      children: [
        {
          // Errors in a page: keep the layout, replace only the content.
          errorElement: <ErrorPage />,
          children: [
            { index: true, element: <HomePage /> },
            { path: 'setup', element: <SetupPage /> },
            { path: 'audit', element: <AuditPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
