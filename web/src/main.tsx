import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { initI18n } from './i18n';
import { createRouter } from './router';
import { SessionProvider } from './session/SessionProvider';
import './styles/app.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

await initI18n();

createRoot(container).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={createRouter()} />
    </SessionProvider>
  </StrictMode>,
);
