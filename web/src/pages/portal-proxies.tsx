import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { Notice } from '../notice.tsx';
import { portalPage, Required, TableHead, useErrorText } from '../portal/acting.tsx';
import { CodeAnswer } from '../portal/code-answer.tsx';
import { usePortalText } from '../portal/text.ts';
import { CELL, FIELD, LABEL, PRIMARY, SECONDARY, TABLE } from '../portal/ui.ts';

interface Mandate {
  id: string;
  status: string;
  principal: { id: string; name: string } | null;
  proxy: { id: string; name: string } | null;
  requestedAs: string;
  scope: string[];
  validUntil: string;
  allowedActions: string[];
}
interface Lists {
  given: Mandate[];
  held: Mandate[];
  children: { id: string; name: string }[];
}

/** 代理人: ask someone to act for you (or your child), answer a code, end a mandate. */
export const PortalProxiesPage = portalPage((t) => t.proxiesTitle, Proxies);

function Proxies() {
  const t = usePortalText();
  const errorText = useErrorText();
  const [lists, setLists] = useState<Lists | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'status'; text: string; code?: string } | null>(
    null,
  );
  const [pending, setPending] = useState<{ code: string; mandate: Mandate } | null>(null);
  const load = useCallback(
    () =>
      api<Lists>('GET', '/api/portal/mandates')
        .then(setLists)
        .catch((e) => setMessage({ kind: 'error', text: errorText(e) })),
    [errorText],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const fail = (e: unknown) => setMessage({ kind: 'error', text: errorText(e) });
  async function invite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const principal = String(f.get('principal') ?? '');
    try {
      const r = await api<{ code: string | null }>('POST', '/api/portal/mandates/invitations', {
        scope: f.getAll('scope'),
        validUntil: String(f.get('validUntil') ?? ''),
        ...(principal ? { principal, proxyIsSelf: f.get('proxyIsSelf') === 'on' } : {}),
      });
      setMessage(
        r.code ? { kind: 'status', text: t.codeIssued, code: r.code } : { kind: 'status', text: t.done },
      );
      await load();
    } catch (err) {
      fail(err);
    }
  }
  async function offer(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const r = await api<{ code: string }>('POST', '/api/portal/mandates/requests', {
        scope: f.getAll('scope'),
        validUntil: String(f.get('validUntil') ?? ''),
      });
      setMessage({ kind: 'status', text: t.codeIssued, code: r.code });
      await load();
    } catch (err) {
      fail(err);
    }
  }
  async function lookup(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    try {
      setPending({ code, mandate: await api<Mandate>('POST', '/api/portal/mandates/lookup', { code }) });
      setMessage(null);
    } catch (err) {
      fail(err);
    }
  }
  async function decide(decision: 'accept' | 'decline') {
    if (!pending) return;
    try {
      await api('POST', '/api/portal/mandates/decision', { code: pending.code, decision });
      setPending(null);
      setMessage({ kind: 'status', text: t.done });
      await load();
    } catch (err) {
      fail(err);
    }
  }
  async function revoke(id: string) {
    try {
      await api('POST', `/api/portal/mandates/${id}/revocation`);
      await load();
    } catch (err) {
      fail(err);
    }
  }

  const table = (rows: Mandate[], other: 'proxy' | 'principal', testId: string) =>
    rows.length === 0 ? (
      <p className="mt-2">{t.none}</p>
    ) : (
      <table className={TABLE} data-testid={testId}>
        <TableHead columns={[t[other], t.scope, t.validUntil, t.statusLabel]} action={t.revoke} />
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              <td className={CELL}>{m[other]?.name ?? '—'}</td>
              <td className={CELL}>{m.scope.map((s) => t.features[s]).join('、')}</td>
              <td className={CELL}>{m.validUntil}</td>
              <td className={CELL} data-testid="mandate-status">
                {t.statuses[m.status]}
              </td>
              <td className={CELL}>
                {m.allowedActions.includes('revoke') && (
                  <button type="button" className={SECONDARY} onClick={() => void revoke(m.id)}>
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  const scopeBoxes = (prefix: string) => (
    <fieldset className="mt-4">
      <legend className={LABEL}>
        {t.scope} <Required />
      </legend>
      {Object.entries(t.features).map(([k, v]) => (
        <label key={k} className="mt-1 flex min-h-11 items-center gap-2 text-std-16N-170">
          <input type="checkbox" name="scope" value={k} className="h-6 w-6" id={`${prefix}-${k}`} />
          {v}
        </label>
      ))}
    </fieldset>
  );
  const until = (
    <label className={`${LABEL} mt-4`}>
      {t.validUntil} <Required />
      <input type="date" name="validUntil" className={FIELD} />
    </label>
  );
  return (
    <>
      <h1 className="text-std-32B-150">{t.proxiesTitle}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.proxiesLead}</p>
      {message && (
        <Notice kind={message.kind}>
          <p>{message.text}</p>
          {message.code && (
            <p className="mt-2 font-mono text-std-24B-150 tracking-widest" data-testid="mandate-code">
              {message.code.match(/.{1,4}/g)?.join('-')}
            </p>
          )}
        </Notice>
      )}
      <h2 className="mt-10 text-std-24B-150">{t.given}</h2>
      {lists && table(lists.given, 'proxy', 'given')}
      <h2 className="mt-10 text-std-24B-150">{t.held}</h2>
      {lists && table(lists.held, 'principal', 'held')}

      <section aria-labelledby="invite" className="mt-12 rounded-8 border border-solid-gray-420 p-6">
        <h2 id="invite" className="text-std-24B-150">
          {t.inviteTitle}
        </h2>
        <form onSubmit={invite} noValidate>
          {lists && lists.children.length > 0 && (
            <>
              <label className={`${LABEL} mt-4`}>
                {t.forWhom}
                <select name="principal" className={FIELD}>
                  <option value="">{t.forMe}</option>
                  {lists.children.map((c) => (
                    <option key={c.id} value={c.id}>
                      {t.forChild(c.name)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="mt-2 flex min-h-11 items-center gap-2 text-std-16N-170">
                <input type="checkbox" name="proxyIsSelf" className="h-6 w-6" />
                {t.proxyIsSelf}
              </label>
            </>
          )}
          {scopeBoxes('invite')}
          {until}
          <button type="submit" className={`${PRIMARY} mt-6`}>
            {t.invite}
          </button>
        </form>
      </section>

      <CodeAnswer
        id="code"
        title={t.codeTitle}
        label={t.codeLabel}
        lookup={t.lookup}
        onLookup={lookup}
        testId="pending-mandate"
        asked={
          pending && (
            <>
              <p className="text-std-16B-170">
                {t.asked((pending.mandate.principal ?? pending.mandate.proxy)?.name ?? '')}
              </p>
              <p className="mt-1">
                {t.scope}: {pending.mandate.scope.map((s) => t.features[s]).join('、')} ／ {t.validUntil}:{' '}
                {pending.mandate.validUntil}
              </p>
            </>
          )
        }
        accept={t.accept}
        decline={t.decline}
        onAnswer={(yes) => void decide(yes ? 'accept' : 'decline')}
      />

      <section aria-labelledby="offer" className="mt-8 rounded-8 border border-solid-gray-420 p-6">
        <h2 id="offer" className="text-std-24B-150">
          {t.requestTitle}
        </h2>
        <form onSubmit={offer} noValidate>
          {scopeBoxes('offer')}
          {until}
          <button type="submit" className={`${SECONDARY} mt-6`}>
            {t.request}
          </button>
        </form>
      </section>
    </>
  );
}
