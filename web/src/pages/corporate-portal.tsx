import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { type CorporatePortalText, useCorporatePortalText } from '../corporate/portal-text.ts';
import { Notice } from '../notice.tsx';
import { PortalGate, Required, TableHead } from '../portal/acting.tsx';
import { CodeAnswer } from '../portal/code-answer.tsx';
import { CELL, FIELD, LABEL, SECONDARY, TABLE } from '../portal/ui.ts';

export interface Membership {
  id: string;
  corporateNumber: string;
  corporationName: string;
  person: { id: string; name: string } | null;
  role: string;
  status: string;
  title: string;
  createdAt: string;
}
interface Affiliation extends Membership {
  allowed: string[];
  unread: number;
}

export type Message = { kind: 'error' | 'status'; text: string; code?: string } | null;

/** The error's words for a code, in the page's language. */
export function errorWords(t: CorporatePortalText, e: unknown): string {
  return t.errors[(e as { code?: string }).code ?? ''] ?? t.genericError;
}

/** A message at the top of a page, and a one-time code in large type when one was issued. */
export function PortalMessage({ message }: { message: Message }) {
  if (!message) return null;
  return (
    <Notice kind={message.kind} testId="corporate-portal-message">
      <p>{message.text}</p>
      {message.code && (
        <p className="mt-2 font-mono text-std-24B-150 tracking-widest" data-testid="invitation-code">
          {message.code.match(/.{1,4}/g)?.join('-')}
        </p>
      )}
    </Notice>
  );
}

/** 法人ポータル: the corporations one belongs to, an application to represent one, an invitation code. */
export function CorporatePortalPage() {
  const t = useCorporatePortalText();
  usePageTitle(t.title);
  return (
    <PortalGate>
      <Home />
    </PortalGate>
  );
}

function Home() {
  const t = useCorporatePortalText();
  const [mine, setMine] = useState<Affiliation[] | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [pending, setPending] = useState<{ code: string; invitation: Membership } | null>(null);
  const fail = useCallback((e: unknown) => setMessage({ kind: 'error', text: errorWords(t, e) }), [t]);
  const load = useCallback(
    () =>
      api<{ corporations: Affiliation[] }>('GET', '/api/corporate-portal/mine')
        .then((r) => setMine(r.corporations))
        .catch(fail),
    [fail],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('POST', '/api/corporate-portal/applications', {
        corporateNumber: String(f.get('corporateNumber') ?? '').trim(),
        title: String(f.get('title') ?? ''),
      });
      setMessage({ kind: 'status', text: t.applied });
      await load();
    } catch (err) {
      fail(err);
    }
  }
  async function lookup(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    try {
      const invitation = await api<Membership>('POST', '/api/corporate-portal/invitations/lookup', { code });
      setPending({ code, invitation });
      setMessage(null);
    } catch (err) {
      fail(err);
    }
  }
  async function answer(accept: boolean) {
    if (!pending) return;
    try {
      await api('POST', `/api/corporate-portal/invitations/${accept ? 'accept' : 'decline'}`, {
        code: pending.code,
      });
      setPending(null);
      setMessage({ kind: 'status', text: accept ? t.joined : t.declined });
      await load();
    } catch (err) {
      fail(err);
    }
  }

  return (
    <>
      <h1 className="text-std-32B-150">{t.title}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.lead}</p>
      <PortalMessage message={message} />
      <h2 className="mt-10 text-std-24B-150">{t.mineTitle}</h2>
      {mine === null ? (
        <p className="mt-2">{t.loading}</p>
      ) : mine.length === 0 ? (
        <p className="mt-2">{t.none}</p>
      ) : (
        <table className={TABLE} data-testid="my-corporations">
          <TableHead columns={t.columns} />
          <tbody>
            {mine.map((m) => (
              <tr key={m.id}>
                <td className={CELL}>
                  {m.status === 'active' ? (
                    <Link
                      to={`/corporate-portal/${m.corporateNumber}`}
                      className="text-key-900 underline underline-offset-4"
                    >
                      {m.corporationName}
                    </Link>
                  ) : (
                    m.corporationName
                  )}
                </td>
                <td className={`${CELL} font-mono`}>{m.corporateNumber}</td>
                <td className={CELL}>{t.roles[m.role]}</td>
                <td className={CELL} data-testid="membership-status">
                  {t.statuses[m.status]}
                </td>
                <td className={CELL}>{m.status === 'active' ? m.unread : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <CodeAnswer
        id="join"
        className="mt-12"
        title={t.codeTitle}
        lead={t.codeLead}
        label={t.codeLabel}
        lookup={t.lookup}
        onLookup={lookup}
        testId="pending-invitation"
        asked={
          pending && (
            <p className="text-std-16B-170">
              {t.invitedTo(pending.invitation.corporationName, t.roles[pending.invitation.role] ?? '')}
            </p>
          )
        }
        accept={t.accept}
        decline={t.decline}
        onAnswer={(yes) => void answer(yes)}
      />

      <section aria-labelledby="apply" className="mt-8 rounded-8 border border-solid-gray-420 p-6">
        <h2 id="apply" className="text-std-24B-150">
          {t.applyTitle}
        </h2>
        <p className="mt-2 max-w-3xl">{t.applyLead}</p>
        <form onSubmit={apply} noValidate>
          <label className={`${LABEL} mt-4`}>
            {t.corporateNumber} <Required />
            <input
              name="corporateNumber"
              inputMode="numeric"
              autoComplete="off"
              className={`${FIELD} font-mono`}
            />
          </label>
          <label className={`${LABEL} mt-4`}>
            {t.position} <Required />
            <input name="title" maxLength={40} className={FIELD} />
          </label>
          <button type="submit" className={`${SECONDARY} mt-6`}>
            {t.apply}
          </button>
        </form>
      </section>
    </>
  );
}
