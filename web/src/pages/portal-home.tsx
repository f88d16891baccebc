import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { PortalError, portalPage, useActing, useErrorText } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { PRIMARY, SECONDARY } from '../portal/ui.ts';

interface Home {
  name: string;
  actingFor: string | null;
  maskedNumber: string | null;
  unreadNotices: number;
  mandates: { given: number; held: number; waiting: number } | null;
}
interface Held {
  id: string;
  status: string;
  principal: { id: string; name: string } | null;
}

const CARD = 'block min-h-11 rounded-16 border border-solid-gray-420 p-6 hover:bg-key-50';

/** マイナポータルのホーム: the person's cards, their number masked, and whom they may act for. */
export const PortalHomePage = portalPage((t) => t.homeTitle, Home);

function Home() {
  const t = usePortalText();
  const errorText = useErrorText();
  const { acting, actFor } = useActing();
  const [home, setHome] = useState<Home | null>(null);
  const [held, setHeld] = useState<Held[]>([]);
  const [number, setNumber] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setNumber(null);
    api<Home>('GET', '/api/portal/home')
      .then(setHome)
      .catch((e) => setError(errorText(e)));
    if (!acting)
      api<{ held: Held[] }>('GET', '/api/portal/mandates')
        .then((r) => setHeld(r.held.filter((m) => m.status === 'active')))
        .catch(() => setHeld([]));
  }, [acting, errorText]);

  async function reveal() {
    try {
      setNumber(
        (await api<{ individualNumber: string }>('POST', '/api/portal/number/reveal')).individualNumber,
      );
    } catch (e) {
      setError(errorText(e));
    }
  }

  const features = acting ? ['information', 'notices', 'history', 'activity'] : Object.keys(t.cards);
  const to = (f: string) => (f === 'card' ? '/my-card' : `/portal/${f}`);
  return (
    <>
      <h1 className="text-std-32B-150">{t.homeTitle}</h1>
      {home && <p className="mt-2 text-std-20B-150">{t.greeting(home.name)}</p>}
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.homeLead}</p>
      <PortalError text={error} />
      {home?.maskedNumber && !acting && (
        <section aria-labelledby="number-heading" className="mt-6 rounded-8 border border-solid-gray-420 p-4">
          <h2 id="number-heading" className="text-std-16B-170">
            {t.numberLabel}
          </h2>
          <p className="mt-1 font-mono text-std-20B-150" data-testid="my-number">
            {number ? `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}` : home.maskedNumber}
          </p>
          {!number && (
            <>
              <button type="button" onClick={() => void reveal()} className={`mt-2 ${SECONDARY}`}>
                {t.reveal}
              </button>
              <p className="mt-1 text-dns-14N-130 text-solid-gray-700">{t.revealNote}</p>
            </>
          )}
        </section>
      )}
      <ul className="mt-8 grid gap-4 md:grid-cols-2">
        {features.map((f) => {
          const [title, body] = t.cards[f]!;
          return (
            <li key={f}>
              <Link to={to(f)} className={CARD}>
                <span className="text-std-20B-150 text-key-900 underline underline-offset-4">{title}</span>
                {f === 'notices' && home && home.unreadNotices > 0 && (
                  <span
                    data-testid="unread-count"
                    className="ml-3 rounded-full bg-error-1 px-3 py-1 text-std-16B-170 text-white"
                  >
                    {t.unread(home.unreadNotices)}
                  </span>
                )}
                <span className="mt-2 block text-std-16N-170">{body}</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {!acting && held.length > 0 && (
        <section aria-labelledby="act-for" className="mt-10">
          <h2 id="act-for" className="text-std-24B-150">
            {t.actFor}
          </h2>
          <ul className="mt-4 space-y-2">
            {held.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-4">
                <span className="text-std-16B-170">{m.principal?.name}</span>
                <button
                  type="button"
                  onClick={() => actFor({ mandateId: m.id, name: m.principal?.name ?? '' })}
                  className={PRIMARY}
                >
                  {t.actForButton}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
