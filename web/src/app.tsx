import { useEffect } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { counterMunicipality, useSession } from './card/session.tsx';
import { useCardText } from './card/text.ts';
import { useCorporatePortalText } from './corporate/portal-text.ts';
import { useCorporateText } from './corporate/text.ts';
import { useLanguage } from './i18n.tsx';
import { useLinkageText } from './linkage/text.ts';
import { CorporatePage } from './pages/corporate.tsx';
import { CorporateAddressPage } from './pages/corporate-address.tsx';
import { CorporateAppIdPage } from './pages/corporate-app-id.tsx';
import { CorporateDetailPage } from './pages/corporate-detail.tsx';
import { CorporateDownloadsPage } from './pages/corporate-downloads.tsx';
import { CorporatePortalPage } from './pages/corporate-portal.tsx';
import { CorporatePortalCorporationPage } from './pages/corporate-portal-corporation.tsx';
import { CorporatePortalReviewPage } from './pages/corporate-portal-review.tsx';
import { CounterPage } from './pages/counter.tsx';
import { HomePage } from './pages/home.tsx';
import { LoginPage } from './pages/login.tsx';
import { MyCardPage } from './pages/my-card.tsx';
import { NetworkPage } from './pages/network.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { NumberCheckPage } from './pages/number-check.tsx';
import { PortalActivityPage } from './pages/portal-activity.tsx';
import { PortalConsolePage } from './pages/portal-console.tsx';
import { PortalHistoryPage } from './pages/portal-history.tsx';
import { PortalHomePage } from './pages/portal-home.tsx';
import { PortalInformationPage } from './pages/portal-information.tsx';
import { PortalNoticePage, PortalNoticesPage } from './pages/portal-notices.tsx';
import { PortalOpenPage } from './pages/portal-open.tsx';
import { PortalProxiesPage } from './pages/portal-proxies.tsx';
import { usePortalText } from './portal/text.ts';

export function App() {
  const { t, toggle } = useLanguage();
  const c = useCardText();
  const l = useLinkageText();
  const corp = useCorporateText();
  const cp = useCorporatePortalText();
  const p = usePortalText();
  const { session, logout } = useSession();
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `inline-flex min-h-11 items-center px-3 text-std-16N-170 underline-offset-4 hover:underline ${
      isActive ? 'font-bold underline' : ''
    }`;
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-3"
      >
        {t.skip}
      </a>
      <header className="border-b border-solid-gray-420 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <Link to="/" className="flex min-h-11 flex-col justify-center no-underline">
            <span className="text-std-24B-150 text-key-900">{t.siteName}</span>
            <span className="text-dns-14N-130 text-solid-gray-700">{t.siteTagline}</span>
          </Link>
          <button
            type="button"
            onClick={toggle}
            aria-label={t.switchLabel}
            className="min-h-11 rounded-8 border border-key-900 px-4 text-std-16N-170 text-key-900 hover:bg-key-50"
          >
            {t.switchTo}
          </button>
        </div>
        <nav aria-label="main" className="mx-auto max-w-5xl px-1 pb-2">
          <ul className="flex flex-wrap gap-1">
            <li>
              <NavLink to="/" end className={navClass}>
                {t.navHome}
              </NavLink>
            </li>
            <li>
              <NavLink to={session ? '/portal' : '/portal/open'} className={navClass}>
                {p.nav}
              </NavLink>
            </li>
            <li>
              <NavLink to="/numbers/check" className={navClass}>
                {t.navNumberCheck}
              </NavLink>
            </li>
            <li>
              <NavLink to="/corporate" className={navClass}>
                {corp.nav}
              </NavLink>
            </li>
            <li>
              <a href="/docs" className={navClass({ isActive: false })}>
                {t.navApiDocs}
              </a>
            </li>
            {counterMunicipality(session) && (
              <li>
                <NavLink to="/counter" className={navClass}>
                  {c.navCounter}
                </NavLink>
              </li>
            )}
            {session?.roles.some((r) =>
              ['municipal-clerk', 'institution-operator', 'system-administrator'].includes(r.role),
            ) && (
              <li>
                <NavLink to="/network" className={navClass}>
                  {l.nav}
                </NavLink>
              </li>
            )}
            {session?.roles.some((r) => ['municipal-clerk', 'institution-operator'].includes(r.role)) && (
              <li>
                <NavLink to="/portal/console" className={navClass}>
                  {p.consoleNav}
                </NavLink>
              </li>
            )}
            {session && (
              <li>
                <NavLink to="/corporate-portal" end className={navClass}>
                  {cp.nav}
                </NavLink>
              </li>
            )}
            {session?.roles.some((r) => r.role === 'nta-operator') && (
              <li>
                <NavLink to="/corporate-portal/review" className={navClass}>
                  {cp.reviewNav}
                </NavLink>
              </li>
            )}
            {session && (
              <li>
                <NavLink to="/my-card" className={navClass}>
                  {c.navMyCard}
                </NavLink>
              </li>
            )}
            <li>
              {session ? (
                <button type="button" onClick={() => void logout()} className={navClass({ isActive: false })}>
                  {c.navLogout}
                </button>
              ) : (
                <NavLink to="/login" className={navClass}>
                  {c.navLogin}
                </NavLink>
              )}
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8">
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/numbers/check" element={<NumberCheckPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/my-card" element={<MyCardPage />} />
          <Route path="/counter" element={<CounterPage />} />
          <Route path="/network" element={<NetworkPage />} />
          <Route path="/portal" element={<PortalHomePage />} />
          <Route path="/portal/open" element={<PortalOpenPage />} />
          <Route path="/portal/information" element={<PortalInformationPage />} />
          <Route path="/portal/history" element={<PortalHistoryPage />} />
          <Route path="/portal/notices" element={<PortalNoticesPage />} />
          <Route path="/portal/notices/:id" element={<PortalNoticePage />} />
          <Route path="/portal/proxies" element={<PortalProxiesPage />} />
          <Route path="/portal/activity" element={<PortalActivityPage />} />
          <Route path="/portal/console" element={<PortalConsolePage />} />
          <Route path="/corporate" element={<CorporatePage />} />
          <Route path="/corporate/address" element={<CorporateAddressPage />} />
          <Route path="/corporate/downloads" element={<CorporateDownloadsPage />} />
          <Route path="/corporate/app-id" element={<CorporateAppIdPage />} />
          <Route path="/corporate/:number" element={<CorporateDetailPage />} />
          <Route path="/corporate-portal" element={<CorporatePortalPage />} />
          <Route path="/corporate-portal/review" element={<CorporatePortalReviewPage />} />
          <Route path="/corporate-portal/:number" element={<CorporatePortalCorporationPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <footer className="border-t border-solid-gray-420 bg-solid-gray-50">
        <p className="mx-auto max-w-5xl px-4 py-6 text-std-16N-170 text-solid-gray-800">{t.footer}</p>
      </footer>
    </div>
  );
}

/** Sets the document title for the page on show. */
export function usePageTitle(title: string): void {
  const { t } = useLanguage();
  useEffect(() => {
    document.title = `${title} | ${t.siteName}`;
  }, [title, t.siteName]);
}
