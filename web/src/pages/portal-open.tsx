import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useLanguage } from '../i18n.tsx';
import { when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';

interface OpenNotice {
  id: string;
  senderName: string;
  category: string;
  title: string;
  body: string;
  deliveredAt: string;
}

/** Open to everyone: government and municipal notices, disaster information, how to use the portal. */
export function PortalOpenPage() {
  const t = usePortalText();
  const { lang } = useLanguage();
  usePageTitle(t.openTitle);
  const [notices, setNotices] = useState<OpenNotice[]>([]);
  useEffect(() => {
    api<{ notices: OpenNotice[] }>('GET', '/api/portal/open-notices')
      .then((r) => setNotices(r.notices))
      .catch(() => setNotices([]));
  }, []);
  return (
    <>
      <h1 className="text-std-32B-150">{t.openTitle}</h1>
      <p className="mt-2 text-std-16N-170">{t.openLead}</p>
      {notices.length === 0 && <p className="mt-6">{t.noNotices}</p>}
      <ul className="mt-6 space-y-4" data-testid="open-notices">
        {notices.map((n) => (
          <li
            key={n.id}
            className={`rounded-8 border-2 p-4 ${n.category === 'disaster' ? 'border-error-1' : 'border-solid-gray-420'}`}
          >
            <h2 className="text-std-18B-160">
              {n.category === 'disaster' && (
                <span className="mr-2 text-error-2">【{t.categories.disaster}】</span>
              )}
              {n.title}
            </h2>
            <p className="mt-1 text-dns-14N-130 text-solid-gray-700">
              {n.senderName} ・ {when(n.deliveredAt, lang)}
            </p>
            <p className="mt-2 whitespace-pre-wrap text-std-16N-170">{n.body}</p>
          </li>
        ))}
      </ul>
      <h2 className="mt-12 text-std-24B-150">{t.howToTitle}</h2>
      <ol className="mt-4 list-decimal space-y-2 pl-6 text-std-16N-170">
        {t.howTo.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
    </>
  );
}
