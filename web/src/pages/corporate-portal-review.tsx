import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useCorporatePortalText } from '../corporate/portal-text.ts';
import { useLanguage } from '../i18n.tsx';
import { PortalGate, TableHead, when } from '../portal/acting.tsx';
import { CELL, PRIMARY, SECONDARY, TABLE } from '../portal/ui.ts';
import { errorWords, type Membership, type Message, PortalMessage } from './corporate-portal.tsx';

/** NTA operators: representatives' applications, checked against the commercial register, then decided. */
export function CorporatePortalReviewPage() {
  const t = useCorporatePortalText();
  usePageTitle(t.reviewTitle);
  return (
    <PortalGate>
      <Review />
    </PortalGate>
  );
}

function Review() {
  const t = useCorporatePortalText();
  const { lang } = useLanguage();
  const [applications, setApplications] = useState<Membership[] | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const fail = useCallback((e: unknown) => setMessage({ kind: 'error', text: errorWords(t, e) }), [t]);
  const load = useCallback(
    () =>
      api<{ applications: Membership[] }>('GET', '/api/corporate-portal/review/applications')
        .then((r) => setApplications(r.applications))
        .catch(fail),
    [fail],
  );
  useEffect(() => {
    void load();
  }, [load]);
  async function decide(id: string, decision: 'approve' | 'decline') {
    try {
      await api('POST', `/api/corporate-portal/review/applications/${id}/${decision}`);
      setMessage({ kind: 'status', text: t.done });
      await load();
    } catch (e) {
      fail(e);
    }
  }
  return (
    <>
      <h1 className="text-std-32B-150">{t.reviewTitle}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.reviewLead}</p>
      <PortalMessage message={message} />
      {applications?.length === 0 && <p className="mt-6">{t.noApplications}</p>}
      {applications && applications.length > 0 && (
        <table className={TABLE} data-testid="applications">
          <TableHead columns={t.reviewColumns} action={t.approve} />
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <td className={CELL}>{a.corporationName}</td>
                <td className={`${CELL} font-mono`}>{a.corporateNumber}</td>
                <td className={CELL}>{a.person?.name ?? '—'}</td>
                <td className={CELL}>{a.title}</td>
                <td className={CELL}>{when(a.createdAt, lang)}</td>
                <td className={`${CELL} flex flex-wrap gap-2`}>
                  <button type="button" className={PRIMARY} onClick={() => void decide(a.id, 'approve')}>
                    {t.approve}
                  </button>
                  <button type="button" className={SECONDARY} onClick={() => void decide(a.id, 'decline')}>
                    {t.reject}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
