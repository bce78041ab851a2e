import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter } from 'react-router';
import { Layout } from './layout/Layout';
import { AuditPage } from './pages/audit/AuditPage';
import { EnrolPage } from './pages/EnrolPage';
import { ErrorPage } from './pages/ErrorPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { RequireSignIn } from './session/RequireSignIn';

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
            { path: 'enrol', element: <EnrolPage /> },
            { path: 'sign-in', element: <SignInPage /> },
            // The audit page checks its own access with each request (it also serves the e2e fixture's test sign-in).
            { path: 'audit', element: <AuditPage /> },
            // The consoles for signed-in people load on first use: most visits never need them.
            {
              path: 'account',
              lazy: async () => {
                const { AccountPage } = await import('./pages/account/AccountPage');
                return { element: <Protected titleKey="account">{<AccountPage />}</Protected> };
              },
            },
            {
              path: 'admin/users',
              lazy: async () => {
                const { UsersPage } = await import('./pages/admin/UsersPage');
                return { element: <Protected titleKey="users" anyOf={['users.read']}>{<UsersPage />}</Protected> };
              },
            },
            {
              path: 'admin/roles',
              lazy: async () => {
                const { RolesPage } = await import('./pages/admin/RolesPage');
                return { element: <Protected titleKey="roles" anyOf={['users.read']}>{<RolesPage />}</Protected> };
              },
            },
            {
              path: 'admin/teams',
              lazy: async () => {
                const { TeamsPage } = await import('./pages/admin/TeamsPage');
                return { element: <Protected titleKey="teams" anyOf={['users.read']}>{<TeamsPage />}</Protected> };
              },
            },
            {
              path: 'admin/approvals',
              lazy: async () => {
                const { ApprovalsPage } = await import('./pages/admin/ApprovalsPage');
                return { element: <Protected titleKey="approvals" anyOf={['grants.approve']}>{<ApprovalsPage />}</Protected> };
              },
            },
            {
              path: 'admin/access-reviews',
              lazy: async () => {
                const { AccessReviewsPage } = await import('./pages/admin/AccessReviewsPage');
                return { element: <Protected titleKey="reviews" anyOf={['reviews.manage', 'reviews.respond', 'users.read']}>{<AccessReviewsPage />}</Protected> };
              },
            },
            {
              // The workspace: the list alone, or with one conversation open beside it.
              path: 'inbox/:conversationId?',
              lazy: async () => {
                const { InboxPage } = await import('./pages/inbox/InboxPage');
                return { element: <Protected titleKey="inbox" anyOf={['conversations.read']}>{<InboxPage />}</Protected> };
              },
            },
            {
              path: 'supervision',
              lazy: async () => {
                const { SupervisionPage } = await import('./pages/supervision/SupervisionPage');
                return { element: <Protected titleKey="supervision" anyOf={['reports.read']}>{<SupervisionPage />}</Protected> };
              },
            },
            {
              path: 'admin/inboxes',
              lazy: async () => {
                const { InboxesPage } = await import('./pages/admin/InboxesPage');
                return { element: <Protected titleKey="inboxes" anyOf={['inboxes.manage']}>{<InboxesPage />}</Protected> };
              },
            },
            {
              path: 'admin/canned-responses',
              lazy: async () => {
                const { CannedResponsesPage } = await import('./pages/admin/CannedResponsesPage');
                return { element: <Protected titleKey="canned" anyOf={['canned.manage']}>{<CannedResponsesPage />}</Protected> };
              },
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}

function Protected({ titleKey, anyOf, children }: { readonly titleKey: 'account' | 'users' | 'roles' | 'teams' | 'approvals' | 'reviews' | 'inbox' | 'supervision' | 'inboxes' | 'canned'; readonly anyOf?: readonly string[]; readonly children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  return (
    <RequireSignIn title={t(`nav.${titleKey}`)} {...(anyOf !== undefined ? { anyOf } : {})}>
      {children}
    </RequireSignIn>
  );
}
