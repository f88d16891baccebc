import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { setActingFor } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useSession } from '../card/session.tsx';
import { Notice } from '../notice.tsx';
import { type PortalText, usePortalText } from './text.ts';
import { CELL, SECONDARY } from './ui.ts';

/** Whom the person is acting for on the portal: themselves, or a principal under a mandate. */
export interface Acting {
  mandateId: string;
  name: string;
}

interface ActingState {
  acting: Acting | null;
  actFor(a: Acting | null): void;
}

const ActingContext = createContext<ActingState | null>(null);
const KEY = 'bango.portal.acting';

/** Kept for this tab only (sessionStorage): a proxy switches back by closing it or by the banner. */
export function ActingProvider({ children }: { children: ReactNode }) {
  const [acting, setActing] = useState<Acting | null>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Acting | null;
    } catch {
      return null;
    }
  });
  const { session } = useSession();
  // The mandate is sent on every call while acting; logging out ends acting.
  setActingFor(acting?.mandateId ?? null);
  useEffect(() => {
    if (session === null && acting) setActing(null);
  }, [session, acting]);
  useEffect(() => {
    if (acting) sessionStorage.setItem(KEY, JSON.stringify(acting));
    else sessionStorage.removeItem(KEY);
  }, [acting]);
  return <ActingContext.Provider value={{ acting, actFor: setActing }}>{children}</ActingContext.Provider>;
}

export function useActing(): ActingState {
  const v = useContext(ActingContext);
  if (!v) throw new Error('useActing outside ActingProvider');
  return v;
}

/** The banner shown on every portal page while acting for someone, with the way back. */
export function ActingBanner() {
  const t = usePortalText();
  const { acting, actFor } = useActing();
  if (!acting) return null;
  return (
    <div
      role="status"
      data-testid="acting-banner"
      className="mb-6 flex flex-wrap items-center justify-between gap-4 rounded-8 border-2 border-yellow-700 bg-yellow-50 p-4 text-std-16B-170"
    >
      <span>{t.actingAs(acting.name)}</span>
      <button type="button" onClick={() => actFor(null)} className={SECONDARY}>
        {t.stopActing}
      </button>
    </div>
  );
}

/** A portal page needs a card session: while it is checked, a line; without one, the way to log in. */
export function PortalGate({ children }: { children: ReactNode }) {
  const t = usePortalText();
  const { session } = useSession();
  if (session === undefined) return <p className="text-std-16N-170">{t.loading}</p>;
  if (session === null)
    return (
      <p className="text-std-16N-170">
        {t.loginFirst}{' '}
        <Link to="/login" className="underline">
          {t.login}
        </Link>
      </p>
    );
  return (
    <>
      <ActingBanner />
      {children}
    </>
  );
}

/** The error's words for a code, in the page's language. */
export function useErrorText(): (e: unknown) => string {
  const t = usePortalText();
  // Stable per language, so pages may list it among an effect's dependencies.
  return useCallback((e) => t.errors[(e as { code?: string }).code ?? ''] ?? t.genericError, [t]);
}

/** A date and time in Japan, as people read it. */
export function when(iso: string, lang: 'ja' | 'en'): string {
  return new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** What went wrong, said once at the top of the page (the project's Notice, role alert). */
export function PortalError({ text }: { text: string | null }) {
  return text ? <Notice kind="error">{text}</Notice> : null;
}

/** The marks beside a label: 必須 / 任意. */
export function Required() {
  return <span className="text-error-2">{usePortalText().required}</span>;
}
export function Optional() {
  return <span className="text-dns-14N-130 text-solid-gray-700">{usePortalText().optional}</span>;
}

/** A portal page: its title, the session gate and the acting banner around its body. */
export function portalPage(title: (t: PortalText) => string, Body: () => ReactNode) {
  return function PortalPage() {
    const t = usePortalText();
    usePageTitle(title(t));
    return (
      <PortalGate>
        <Body />
      </PortalGate>
    );
  };
}

/** A table's header row: the named columns, and a last one named for screen readers only. */
export function TableHead({ columns, action }: { columns: readonly string[]; action?: string }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col" className={`${CELL} font-bold`}>
            {c}
          </th>
        ))}
        {action && (
          <th scope="col" className={CELL}>
            <span className="sr-only">{action}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
