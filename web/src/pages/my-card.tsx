import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useSession } from '../card/session.tsx';
import { useCardText } from '../card/text.ts';
import { Notice } from '../notice.tsx';

interface CardView {
  id: string;
  status: string;
  expiresOn: string | null;
  allowedActions: string[];
}

/** The holder's own card: its status, and suspension at any hour. */
export function MyCardPage() {
  const t = useCardText();
  usePageTitle(t.myCardTitle);
  const { session, refresh } = useSession();
  const [cards, setCards] = useState<CardView[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!session) return;
    api<{ cards: CardView[] }>('GET', `/api/cards?residentId=${session.residentId}`)
      .then((r) => setCards(r.cards))
      .catch(() => setCards([]));
  }, [session]);

  // After a suspension the session has ended, but the holder still sees what happened.
  if (session === null && !message) {
    return (
      <p className="text-std-16N-170">
        {t.errors.AUTH_REQUIRED}{' '}
        <Link to="/login" className="underline">
          {t.navLogin}
        </Link>
      </p>
    );
  }

  async function suspend(id: string) {
    try {
      const card = await api<CardView>('POST', `/api/cards/${id}/suspension`);
      setCards((cs) => cs.map((c) => (c.id === id ? card : c)));
      setMessage(t.suspended);
      await refresh(); // the session has ended with the suspension; the page keeps the result
    } catch (e) {
      setMessage(t.errors[(e as { code?: string }).code ?? ''] ?? t.genericError);
    }
    queueMicrotask(() => messageRef.current?.focus());
  }

  return (
    <>
      <h1 className="text-std-32B-150">{t.myCardTitle}</h1>
      {message && (
        <Notice kind="status" ref={messageRef}>
          {message}
        </Notice>
      )}
      {cards.map((c) => (
        <section key={c.id} className="mt-8 rounded-8 border border-solid-gray-420 p-6">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-std-16N-170">
            <dt className="font-bold">{t.cardStatus}</dt>
            <dd data-testid="card-status">{t.statuses[c.status] ?? c.status}</dd>
            <dt className="font-bold">{t.cardExpires}</dt>
            <dd>{c.expiresOn ?? '—'}</dd>
          </dl>
          {c.allowedActions.includes('suspend') && (
            <div className="mt-6">
              <h2 className="text-std-18B-160">{t.suspendTitle}</h2>
              <p className="mt-2 max-w-3xl text-std-16N-170">{t.suspendLead}</p>
              <button
                type="button"
                onClick={() => void suspend(c.id)}
                className="mt-4 min-h-11 rounded-8 border-2 border-error-1 px-6 text-std-16B-170 text-error-2 hover:bg-red-50"
              >
                {t.suspendButton}
              </button>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
