import { useEffect, useState } from 'react';
import { api, download } from '../api.ts';
import { useLanguage } from '../i18n.tsx';
import { PortalError, portalPage, useActing, useErrorText, when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { SECONDARY } from '../portal/ui.ts';

interface Field {
  name: string;
  label: { ja: string; en: string };
  display: string;
}
interface Item {
  item: string;
  name: string;
  providerName: string;
  status: 'found' | 'none' | 'not-disclosed' | 'refused';
  fields: Field[];
}
interface Information {
  fetchedAt: string;
  name: string;
  categories: { number: string; label: { ja: string; en: string }; items: Item[] }[];
}

/** わたしの情報: fetched through the network on each visit, by category of seed 003's table. */
export const PortalInformationPage = portalPage((t) => t.informationTitle, Information);

function Information() {
  const t = usePortalText();
  const { lang } = useLanguage();
  const errorText = useErrorText();
  const { acting } = useActing();
  const [info, setInfo] = useState<Information | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asks again when the person switches whom they act for
  useEffect(() => {
    setInfo(null);
    setError(null);
    api<Information>('GET', '/api/portal/information')
      .then(setInfo)
      .catch((e) => setError(errorText(e)));
  }, [acting, errorText]);

  const save = (format: 'json' | 'pdf') =>
    download(`/api/portal/information/export?format=${format}`, `my-information.${format}`).catch((e) =>
      setError(errorText(e)),
    );
  const status = { none: t.statusNone, 'not-disclosed': t.statusNotDisclosed, refused: t.statusRefused };
  return (
    <>
      <h1 className="text-std-32B-150">{t.informationTitle}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.informationLead}</p>
      <PortalError text={error} />
      {!info && !error && <p className="mt-6">{t.loading}</p>}
      {info && (
        <>
          <p className="mt-4 text-std-16N-170">
            {t.fetchedAt}: {when(info.fetchedAt, lang)}
          </p>
          <div className="mt-4 flex flex-wrap gap-3">
            <button type="button" className={SECONDARY} onClick={() => void save('json')}>
              {t.exportJson}
            </button>
            <button type="button" className={SECONDARY} onClick={() => void save('pdf')}>
              {t.exportPdf}
            </button>
          </div>
          {info.categories.map((c) => (
            <section key={c.number} aria-labelledby={`cat-${c.number}`} className="mt-10">
              <h2 id={`cat-${c.number}`} className="text-std-24B-150">
                {c.number}. {c.label[lang]}
              </h2>
              {c.items.map((i) => (
                <article
                  key={`${i.item}-${i.providerName}`}
                  data-testid={`item-${i.item}`}
                  className="mt-4 rounded-8 border border-solid-gray-420 p-4"
                >
                  <h3 className="text-std-18B-160">{i.name}</h3>
                  <p className="text-dns-14N-130 text-solid-gray-700">
                    {t.provider}: {i.providerName}
                  </p>
                  {i.status === 'found' ? (
                    <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-std-16N-170">
                      {i.fields.map((f) => (
                        <div key={f.name} className="contents">
                          <dt className="font-bold">{f.label[lang]}</dt>
                          <dd>{f.display}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : (
                    <p className="mt-2 text-std-16N-170">{status[i.status]}</p>
                  )}
                </article>
              ))}
            </section>
          ))}
        </>
      )}
    </>
  );
}
