import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, download } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useCorporatePortalText } from '../corporate/portal-text.ts';
import { CorporationRecord } from '../corporate/record.tsx';
import { useLanguage } from '../i18n.tsx';
import { PortalGate, TableHead, when } from '../portal/acting.tsx';
import { CELL, FIELD, LABEL, PRIMARY, SECONDARY, TABLE } from '../portal/ui.ts';
import type { Corporation } from './corporate.tsx';
import { errorWords, type Membership, type Message, PortalMessage } from './corporate-portal.tsx';

interface Entry {
  id: string;
  senderName: string;
  title: string;
  deliveredAt: string;
  read: boolean;
  readByName: string | null;
  acted: boolean;
  hasAttachment: boolean;
}
interface Opened extends Entry {
  body: string;
  link: string | null;
}
interface Activity {
  seq: number;
  at: string;
  action: string;
  actor: string;
}

/** One corporation in 法人ポータル: its published record, its notices, and (for managers) its staff. */
export function CorporatePortalCorporationPage() {
  const t = useCorporatePortalText();
  usePageTitle(t.title);
  return (
    <PortalGate>
      <CorporationBody />
    </PortalGate>
  );
}

function CorporationBody() {
  const t = useCorporatePortalText();
  const { lang } = useLanguage();
  const { number = '' } = useParams();
  const navigate = useNavigate();
  const base = `/api/corporate-portal/${encodeURIComponent(number)}`;
  const [record, setRecord] = useState<{ corporation: Corporation; history: Corporation[] } | null>(null);
  const [allowed, setAllowed] = useState<string[]>([]);
  const [notices, setNotices] = useState<Entry[]>([]);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [members, setMembers] = useState<Membership[]>([]);
  const [activity, setActivity] = useState<Activity[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const fail = useCallback((e: unknown) => setMessage({ kind: 'error', text: errorWords(t, e) }), [t]);

  const load = useCallback(async () => {
    try {
      const mine = await api<{ corporations: { corporateNumber: string; allowed: string[] }[] }>(
        'GET',
        '/api/corporate-portal/mine',
      );
      const may = mine.corporations.find((c) => c.corporateNumber === number)?.allowed ?? [];
      setAllowed(may);
      const [r, n] = await Promise.all([
        api<{ corporation: Corporation; history: Corporation[] }>('GET', base),
        api<{ notices: Entry[] }>('GET', `${base}/notices`),
      ]);
      setRecord(r);
      setNotices(n.notices);
      if (may.includes('view-members'))
        setMembers((await api<{ members: Membership[] }>('GET', `${base}/members`)).members);
      if (may.includes('view-activity'))
        setActivity((await api<{ entries: Activity[] }>('GET', `${base}/activity`)).entries);
    } catch (e) {
      fail(e);
    }
  }, [base, number, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: () => Promise<unknown>, done?: Message) => {
    try {
      await work();
      if (done) setMessage(done);
      await load();
    } catch (e) {
      fail(e);
    }
  };
  async function invite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const role = String(new FormData(e.currentTarget).get('role') ?? 'staff');
    try {
      const r = await api<{ code: string }>('POST', `${base}/invitations`, { role });
      setMessage({ kind: 'status', text: t.codeIssued, code: r.code });
      await load();
    } catch (err) {
      fail(err);
    }
  }
  const open = (id: string) => run(async () => setOpened(await api<Opened>('GET', `${base}/notices/${id}`)));
  const act = (id: string) =>
    run(async () => {
      await api('POST', `${base}/notices/${id}/act`);
      setOpened(null);
    });

  return (
    <>
      <p>
        <Link to="/corporate-portal" className="text-key-900 underline underline-offset-4">
          {t.back}
        </Link>
      </p>
      <h1 className="mt-4 text-std-32B-150">{record?.corporation.name ?? t.title}</h1>
      <PortalMessage message={message} />

      <h2 className="mt-10 text-std-24B-150">{t.noticesTitle}</h2>
      {notices.length === 0 ? (
        <p className="mt-2">{t.noNotices}</p>
      ) : (
        <table className={TABLE} data-testid="corporate-notices">
          <TableHead columns={t.noticeColumns} action={t.open} />
          <tbody>
            {notices.map((n) => (
              <tr key={n.id}>
                <td className={`${CELL} ${n.read ? '' : 'font-bold'}`}>{n.title}</td>
                <td className={CELL}>{n.senderName}</td>
                <td className={CELL}>{when(n.deliveredAt, lang)}</td>
                <td className={CELL} data-testid="notice-state">
                  {n.acted ? t.acted : n.read ? t.read(n.readByName) : t.unread}
                </td>
                <td className={CELL}>
                  <button type="button" className={SECONDARY} onClick={() => void open(n.id)}>
                    {t.open}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened && (
        <article
          className="mt-6 rounded-8 border border-solid-gray-420 p-6"
          aria-labelledby="opened"
          data-testid="opened-notice"
        >
          <h3 id="opened" className="text-std-20B-150">
            {opened.title}
          </h3>
          <p className="mt-1 text-dns-14N-130 text-solid-gray-700">
            {opened.senderName} ／ {when(opened.deliveredAt, lang)}
          </p>
          <p className="mt-4 whitespace-pre-wrap">{opened.body}</p>
          <div className="mt-6 flex flex-wrap gap-4">
            {!opened.acted && allowed.includes('act-on-notices') && (
              <button type="button" className={PRIMARY} onClick={() => void act(opened.id)}>
                {t.markActed}
              </button>
            )}
            {opened.hasAttachment && (
              <button
                type="button"
                className={SECONDARY}
                onClick={() =>
                  void download(`${base}/notices/${opened.id}/attachment`, 'attachment.pdf').catch(fail)
                }
              >
                {t.attachment}
              </button>
            )}
            <button type="button" className={SECONDARY} onClick={() => setOpened(null)}>
              {t.close}
            </button>
          </div>
        </article>
      )}

      <h2 className="mt-12 text-std-24B-150">{t.recordTitle}</h2>
      {record && <CorporationRecord corporation={record.corporation} history={record.history} />}

      {allowed.includes('view-members') && (
        <section aria-labelledby="members" className="mt-12">
          <h2 id="members" className="text-std-24B-150">
            {t.membersTitle}
          </h2>
          <table className={TABLE} data-testid="members">
            <TableHead columns={t.memberColumns} action={t.endMember} />
            <tbody>
              {members.map((m) => {
                const endable =
                  m.role !== 'representative' &&
                  allowed.includes(m.role === 'administrator' ? 'end-administrator' : 'end-staff');
                return (
                  <tr key={m.id}>
                    <td className={CELL}>{m.person?.name ?? '—'}</td>
                    <td className={CELL}>{t.roles[m.role]}</td>
                    <td className={CELL}>{t.statuses[m.status]}</td>
                    <td className={CELL}>{m.title || '—'}</td>
                    <td className={CELL}>
                      {endable && (
                        <button
                          type="button"
                          className={SECONDARY}
                          onClick={() =>
                            void run(() => api('POST', `${base}/members/${m.id}/end`), {
                              kind: 'status',
                              text: t.done,
                            })
                          }
                        >
                          {m.status === 'invited' ? t.callBack : t.endMember}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <form onSubmit={invite} noValidate className="mt-8 rounded-8 border border-solid-gray-420 p-6">
            <h3 className="text-std-20B-150">{t.inviteTitle}</h3>
            <p className="mt-2 max-w-3xl">{t.inviteLead}</p>
            <label className={`${LABEL} mt-4`}>
              {t.role}
              <select name="role" className={FIELD}>
                <option value="staff">{t.roles.staff}</option>
                {allowed.includes('invite-administrator') && (
                  <option value="administrator">{t.roles.administrator}</option>
                )}
              </select>
            </label>
            <button type="submit" className={`${SECONDARY} mt-4`}>
              {t.invite}
            </button>
          </form>
        </section>
      )}

      {allowed.includes('view-activity') && (
        <section aria-labelledby="activity" className="mt-12">
          <h2 id="activity" className="text-std-24B-150">
            {t.activityTitle}
          </h2>
          <table className={TABLE} data-testid="corporate-activity">
            <TableHead columns={t.activityColumns} />
            <tbody>
              {activity.map((a) => (
                <tr key={a.seq}>
                  <td className={CELL}>{when(a.at, lang)}</td>
                  <td className={CELL}>{t.actions[a.action] ?? a.action}</td>
                  <td className={CELL}>{a.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <button
        type="button"
        className={`${SECONDARY} mt-12`}
        onClick={() =>
          void api('POST', `${base}/leave`)
            .then(() => navigate('/corporate-portal'))
            .catch(fail)
        }
      >
        {t.leave}
      </button>
    </>
  );
}
