import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app.tsx';
import { SessionProvider } from './card/session.tsx';
import { LanguageProvider } from './i18n.tsx';
import { ActingProvider } from './portal/acting.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageProvider>
      <SessionProvider>
        <ActingProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </ActingProvider>
      </SessionProvider>
    </LanguageProvider>
  </StrictMode>,
);
