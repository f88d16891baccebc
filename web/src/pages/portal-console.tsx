import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, idempotencyKey } from '../api.ts';
import { useSession } from '../card/session.tsx';
import { useCorporateText } from '../corporate/text.ts';
import { useLanguage } from '../i18n.tsx';
import { Notice } from '../notice.tsx';
import { Optional, portalPage, Required, TableHead, useErrorText, when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { CELL, FIELD, LABEL, PRIMARY, SECONDARY, TABLE } from '../portal/ui.ts';

interface Sent {
  id: string;
  title: string;
  status: string;
  sentAt: string | null;
  delivered: number;
  read: number;
  acted: number;
}
interface Catalogue {
  items: { code: string; name: string }[];
}

/** A file's bytes as base64, for a JSON body. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The institutions a session may send as: its municipality's node, or the institution it operates. */
function sendersOf(roles: { role: string; organisation: string }[]): string[] {
  return roles.flatMap((r) =>
    r.role === 'municipal-clerk' && /^[0-9]{6}$/.test(r.organisation)
      ? [`10${r.organisation}00000000`]
      : r.role === 'institution-operator' && /^[0-9]{16}$/.test(r.organisation)
        ? [r.organisation]
        : [],
  );
}

/** The institutions' console: compose a notice, count its audience, send it, and see who read it. */
export const PortalConsolePage = portalPage((t) => t.consoleTitle, Console);

function Console() {
  const t = usePortalText();
  const corp = useCorporateText();
  const { lang } = useLanguage();
  const [target, setTarget] = useState<'residents' | 'corporations'>('residents');
  const errorText = useErrorText();
  const { session } = useSession();
  const senders = sendersOf(session?.roles ?? []);
  const [sender, setSender] = useState(senders[0] ?? '');
  const [items, setItems] = useState<Catalogue['items']>([]);
  const [sent, setSent] = useState<Sent[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'status'; text: string } | null>(null);
  const load = useCallback(() => {
    if (!sender) return;
    api<{ notices: Sent[] }>('GET', `/api/portal/institutions/${sender}/notices`)
      .then((r) => setSent(r.notices))
      .catch((e) => setMessage({ kind: 'error', text: errorText(e) }));
  }, [sender, errorText]);
  useEffect(load, [load]);
  useEffect(() => {
    api<Catalogue>('GET', '/api/linkage/catalogue')
      .then((c) => setItems(c.items))
      .catch(() => setItems([]));
  }, []);
  if (senders.length === 0) return <p>{t.noRole}</p>;

  const audienceOf = (f: FormData) => {
    if (target === 'corporations') {
      // Numbers typed with hyphens or spaces, one per line or comma-separated.
      const numbers = String(f.get('corporateNumbers') ?? '')
        .split(/[\s,、]+/)
        .map((x) => x.replace(/-/g, ''))
        .filter(Boolean);
      const kind = String(f.get('corporateKind') ?? '');
      return numbers.length > 0
        ? { kind: 'corporations', numbers }
        : { kind: 'corporations', ...(kind ? { corporateKinds: [kind] } : {}) };
    }
    const n = (k: string) => (f.get(k) ? Number(f.get(k)) : undefined);
    const a: Record<string, unknown> = { kind: 'attributes' };
    for (const k of ['ageFrom', 'ageTo', 'childAgeFrom', 'childAgeTo']) if (n(k) !== undefined) a[k] = n(k);
    if (f.get('holdsItem')) a.holdsItem = String(f.get('holdsItem'));
    return a;
  };
  async function preview(form: HTMLFormElement) {
    try {
      const r = await api<{ count: number }>('POST', `/api/portal/institutions/${sender}/notices/preview`, {
        audience: audienceOf(new FormData(form)),
      });
      setMessage({ kind: 'status', text: t.previewCount(r.count, target === 'corporations') });
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    }
  }
  async function send(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const expires = String(f.get('expiresAt') ?? '');
    const every = String(f.get('remindEveryDays') ?? '');
    const sendAt = String(f.get('sendAt') ?? '');
    const file = f.get('attachment');
    try {
      const attachment =
        file instanceof File && file.size > 0 ? { name: file.name, base64: await base64Of(file) } : undefined;
      const r = await api<Sent>(
        'POST',
        `/api/portal/institutions/${sender}/notices`,
        {
          category: String(f.get('category')),
          title: String(f.get('title') ?? ''),
          body: String(f.get('body') ?? ''),
          ...(f.get('link') ? { link: String(f.get('link')) } : {}),
          ...(expires ? { expiresAt: `${expires}T23:59:59+09:00` } : {}),
          ...(every ? { remindEveryDays: Number(every) } : {}),
          ...(sendAt ? { sendAt: `${sendAt}:00+09:00` } : {}),
          ...(attachment ? { attachment } : {}),
          open: f.get('open') === 'on',
          audience: audienceOf(f),
        },
        { 'idempotency-key': idempotencyKey() },
      );
      setMessage({ kind: 'status', text: t.sent(r.delivered, target === 'corporations') });
      load();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  }
  async function cancel(id: string) {
    try {
      await api('POST', `/api/portal/institutions/${sender}/notices/${id}/cancellation`);
      load();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    }
  }
  const number = (name: string, label: string) => (
    <label className={LABEL}>
      {label} <Optional />
      <input name={name} type="number" min={0} max={150} inputMode="numeric" className={FIELD} />
    </label>
  );
  return (
    <>
      <h1 className="text-std-32B-150">{t.consoleTitle}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.consoleLead}</p>
      {message && (
        <Notice kind={message.kind} testId="console-message">
          {message.text}
        </Notice>
      )}
      <form onSubmit={send} noValidate className="mt-6 space-y-4">
        <label className={LABEL}>
          {t.sender}
          <select className={FIELD} value={sender} onChange={(e) => setSender(e.target.value)}>
            {senders.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          {t.category}
          <select name="category" className={FIELD}>
            {Object.entries(t.categories).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          {t.titleLabel} <Required />
          <input name="title" className={FIELD} maxLength={120} />
        </label>
        <label className={LABEL}>
          {t.bodyLabel} <Required />
          <textarea name="body" rows={5} className={`${FIELD} max-w-2xl py-2`} maxLength={4000} />
        </label>
        <label className={LABEL}>
          {t.linkLabel} <Optional />
          <input name="link" className={FIELD} />
        </label>
        <fieldset className="rounded-8 border border-solid-gray-420 p-4">
          <legend className="px-2 text-std-18B-160">{t.audienceTitle}</legend>
          <div className="flex flex-wrap gap-6" role="radiogroup" aria-label={t.audienceTarget}>
            {(['residents', 'corporations'] as const).map((k) => (
              <label key={k} className="flex min-h-11 items-center gap-2 text-std-16N-170">
                <input
                  type="radio"
                  name="target"
                  value={k}
                  checked={target === k}
                  onChange={() => setTarget(k)}
                  className="h-6 w-6"
                />
                {t.audienceTargets[k]}
              </label>
            ))}
          </div>
          {target === 'residents' ? (
            <>
              <div className="mt-4 grid gap-4 md:grid-cols-2">
                {number('ageFrom', t.ageFrom)}
                {number('ageTo', t.ageTo)}
                {number('childAgeFrom', t.childAgeFrom)}
                {number('childAgeTo', t.childAgeTo)}
              </div>
              <label className={`${LABEL} mt-4`}>
                {t.holdsItem}
                <select name="holdsItem" className={FIELD}>
                  <option value="">{t.anyItem}</option>
                  {items.map((i) => (
                    <option key={i.code} value={i.code}>
                      {i.name}
                    </option>
                  ))}
                </select>
              </label>
            </>
          ) : (
            <>
              <p className="mt-2 max-w-2xl text-std-16N-170">{t.corporationsLead}</p>
              <label className={`${LABEL} mt-4`}>
                {t.corporateKind}
                <select name="corporateKind" className={FIELD}>
                  <option value="">{t.anyItem}</option>
                  {Object.entries(corp.kindNames).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
              <label className={`${LABEL} mt-4`}>
                {t.corporateNumbers} <Optional />
                <textarea name="corporateNumbers" rows={3} className={`${FIELD} max-w-2xl py-2 font-mono`} />
              </label>
            </>
          )}
          <button
            type="button"
            className={`${SECONDARY} mt-4`}
            onClick={(e) => void preview(e.currentTarget.form as HTMLFormElement)}
          >
            {t.preview}
          </button>
        </fieldset>
        <div className="grid gap-4 md:grid-cols-2">
          <label className={LABEL}>
            {t.expiresAt} <Optional />
            <input name="expiresAt" type="date" className={FIELD} />
          </label>
          <label className={LABEL}>
            {t.remindEveryDays} <Optional />
            <input name="remindEveryDays" type="number" min={1} max={90} className={FIELD} />
          </label>
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <label className={LABEL}>
            {t.sendAtLabel} <Optional />
            <input name="sendAt" type="datetime-local" className={FIELD} />
          </label>
          <label className={LABEL}>
            {t.attachmentUpload} <Optional />
            <input name="attachment" type="file" accept="application/pdf" className={`${FIELD} py-2`} />
          </label>
        </div>
        <label className="flex min-h-11 items-center gap-2 text-std-16N-170">
          <input type="checkbox" name="open" className="h-6 w-6" />
          {t.openNotice}
        </label>
        <button type="submit" className={PRIMARY}>
          {t.send}
        </button>
      </form>
      <h2 className="mt-12 text-std-24B-150">{t.sentTitle}</h2>
      <table className={TABLE} data-testid="sent-notices">
        <TableHead columns={t.sentColumns} action={t.cancelNotice} />
        <tbody>
          {sent.map((n) => (
            <tr key={n.id}>
              <td className={CELL}>{n.title}</td>
              <td className={CELL}>{t.noticeStatuses[n.status] ?? n.status}</td>
              <td className={CELL}>{n.sentAt ? when(n.sentAt, lang) : '—'}</td>
              <td className={CELL}>{n.delivered.toLocaleString()}</td>
              <td className={CELL}>{n.read.toLocaleString()}</td>
              <td className={CELL}>{n.acted.toLocaleString()}</td>
              <td className={CELL}>
                {n.status === 'scheduled' && (
                  <button type="button" className={SECONDARY} onClick={() => void cancel(n.id)}>
                    {t.cancelNotice}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
