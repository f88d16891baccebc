import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { InboxEntry, NoticeView } from '../../../src/portal/notices.ts';
import { api, download } from '../api.ts';
import { useLanguage } from '../i18n.tsx';
import { PortalError, portalPage, useActing, useErrorText, when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { FIELD, LABEL, PRIMARY, SECONDARY } from '../portal/ui.ts';

type Entry = InboxEntry;
type Full = NoticeView;

/** お知らせ: the inbox, with unread state and categories. */
export const PortalNoticesPage = portalPage((t) => t.noticesTitle, Inbox);

function Inbox() {
  const t = usePortalText();
  const { lang } = useLanguage();
  const errorText = useErrorText();
  const { acting } = useActing();
  const [notices, setNotices] = useState<Entry[] | null>(null);
  const [category, setCategory] = useState('');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asks again when the person switches whom they act for
  useEffect(() => {
    const q = new URLSearchParams({
      ...(category ? { category } : {}),
      ...(unreadOnly ? { unread: 'true' } : {}),
    });
    api<{ notices: Entry[] }>('GET', `/api/portal/notices?${q}`)
      .then((r) => setNotices(r.notices))
      .catch((e) => setError(errorText(e)));
  }, [acting, category, unreadOnly, errorText]);
  return (
    <>
      <h1 className="text-std-32B-150">{t.noticesTitle}</h1>
      <p className="mt-2 text-std-16N-170">{t.noticesLead}</p>
      <PortalError text={error} />
      <div className="mt-6 flex flex-wrap items-end gap-6">
        <label className={LABEL}>
          {t.category}
          <select className={FIELD} value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t.filterAll}</option>
            {Object.entries(t.categories).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-h-11 items-center gap-2 text-std-16N-170">
          <input
            type="checkbox"
            className="h-6 w-6"
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.target.checked)}
          />
          {t.unreadOnly}
        </label>
      </div>
      {notices?.length === 0 && <p className="mt-6">{t.noNotices}</p>}
      <ul className="mt-6 space-y-3" data-testid="inbox">
        {notices?.map((n) => (
          <li key={n.id} className="rounded-8 border border-solid-gray-420 p-4">
            <Link
              to={`/portal/notices/${n.id}`}
              className="text-std-18B-160 text-key-900 underline underline-offset-4"
            >
              {!n.read && (
                <span className="mr-2 rounded-4 bg-error-1 px-2 text-std-16B-170 text-white">
                  {t.unreadMark}
                </span>
              )}
              {n.reminders > 0 && (
                <span className="mr-2 rounded-4 border border-key-900 px-2 text-std-16N-170">
                  {t.reminder}
                </span>
              )}
              {n.title}
            </Link>
            <p className="mt-1 text-std-16N-170 text-solid-gray-800">
              {t.categories[n.category] ?? n.category} ・ {n.senderName} ・ {when(n.deliveredAt, lang)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** One notice: its text (never HTML), attachment, the link to act, and "done". */
export const PortalNoticePage = portalPage((t) => t.noticesTitle, OneNotice);

function OneNotice() {
  const t = usePortalText();
  const { lang } = useLanguage();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const [notice, setNotice] = useState<Full | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [acted, setActed] = useState(false);
  useEffect(() => {
    api<Full>('GET', `/api/portal/notices/${encodeURIComponent(id)}`)
      .then((n) => {
        setNotice(n);
        setActed(n.acted);
      })
      .catch((e) => setError(errorText(e)));
  }, [id, errorText]);

  async function act(follow: boolean) {
    try {
      const r = await api<{ link: string | null }>('POST', `/api/portal/notices/${id}/act`);
      setActed(true);
      if (follow && r.link) window.location.assign(r.link);
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <>
      <p>
        <Link to="/portal/notices" className="underline">
          {t.back}
        </Link>
      </p>
      <PortalError text={error} />
      {notice && (
        <article className="mt-4">
          <h1 className="text-std-32B-150" data-testid="notice-title">
            {notice.title}
          </h1>
          <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-std-16N-170">
            <dt className="font-bold">{t.from}</dt>
            <dd>{notice.senderName}</dd>
            <dt className="font-bold">{t.receivedAt}</dt>
            <dd>{when(notice.deliveredAt, lang)}</dd>
            <dt className="font-bold">{t.category}</dt>
            <dd>{t.categories[notice.category] ?? notice.category}</dd>
            {notice.expiresAt && (
              <>
                <dt className="font-bold">{t.expires}</dt>
                <dd>{when(notice.expiresAt, lang)}</dd>
              </>
            )}
          </dl>
          {/* Text only: what an institution writes is shown as text, never as HTML. */}
          <p className="mt-6 max-w-3xl whitespace-pre-wrap text-std-17N-170" data-testid="notice-body">
            {notice.body}
          </p>
          {notice.attachmentName && (
            <p className="mt-4">
              <button
                type="button"
                className={SECONDARY}
                onClick={() =>
                  void download(
                    `/api/portal/notices/${id}/attachment`,
                    notice.attachmentName ?? 'attachment.pdf',
                  ).catch((e) => setError(errorText(e)))
                }
              >
                {t.attachment}: {notice.attachmentName}
              </button>
            </p>
          )}
          <div className="mt-8 flex flex-wrap gap-4">
            {notice.link && (
              <button type="button" className={PRIMARY} onClick={() => void act(true)}>
                {t.actLink}
              </button>
            )}
            {acted ? (
              <p role="status" className="flex min-h-11 items-center text-std-16B-170">
                {t.done}
              </p>
            ) : (
              <button type="button" className={SECONDARY} onClick={() => void act(false)}>
                {t.markDone}
              </button>
            )}
          </div>
        </article>
      )}
    </>
  );
}
