import { useId, useState } from 'react';
import { usePageTitle } from '../app.tsx';
import { PREFECTURES, useCorporateText } from '../corporate/text.ts';
import { useLanguage } from '../i18n.tsx';
import { inputClass } from './counter-forms.tsx';

const FORMATS = ['csv-sjis', 'csv-utf8', 'xml'] as const;
const linkClass = 'inline-flex min-h-11 items-center text-key-900 underline underline-offset-4';

/** Bulk files in the NTA's layout: nationwide or by prefecture, and differences for a period. */
export function CorporateDownloadsPage() {
  const t = useCorporateText();
  const { lang } = useLanguage();
  usePageTitle(t.downloadsTitle);
  const id = useId();
  const [prefecture, setPrefecture] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const area = prefecture ? `&prefecture=${prefecture}` : '';
  const range = from && to && from <= to;
  return (
    <>
      <h1 className="text-std-32B-150">{t.downloadsTitle}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.downloadsLead}</p>
      <section aria-labelledby={`${id}-full`} className="mt-8">
        <h2 id={`${id}-full`} className="text-std-24B-150">
          {t.fullTitle}
        </h2>
        <label htmlFor={`${id}-pref`} className="mt-4 block text-std-17B-170">
          {t.prefecture}
        </label>
        <select
          id={`${id}-pref`}
          value={prefecture}
          onChange={(e) => setPrefecture(e.target.value)}
          className={inputClass}
        >
          <option value="">{t.nationwide}</option>
          {PREFECTURES.map(([code, ja, en]) => (
            <option key={code} value={code}>
              {lang === 'ja' ? ja : en}
            </option>
          ))}
        </select>
        <ul className="mt-4 flex flex-wrap gap-6">
          {FORMATS.map((f) => (
            <li key={f}>
              <a href={`/api/corporate/downloads/all?format=${f}${area}`} download className={linkClass}>
                {t.formats[f]}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby={`${id}-diff`} className="mt-10">
        <h2 id={`${id}-diff`} className="text-std-24B-150">
          {t.diffTitle}
        </h2>
        <div className="mt-4 flex flex-wrap gap-6">
          {(
            [
              ['from', from, setFrom],
              ['to', to, setTo],
            ] as const
          ).map(([k, v, set]) => (
            <div key={k}>
              <label htmlFor={`${id}-${k}`} className="text-std-17B-170">
                {t[k]}
              </label>
              <input
                id={`${id}-${k}`}
                type="date"
                value={v}
                onChange={(e) => set(e.target.value)}
                className={inputClass}
              />
            </div>
          ))}
        </div>
        {range ? (
          <ul className="mt-4 flex flex-wrap gap-6">
            {FORMATS.map((f) => (
              <li key={f}>
                <a
                  href={`/api/corporate/downloads/diff?format=${f}&from=${from}&to=${to}`}
                  download
                  className={linkClass}
                >
                  {t.formats[f]}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          from && to && <p className="mt-4 text-std-16B-170 text-error-2">{t.errors.CORPORATE_DATE_RANGE}</p>
        )}
      </section>
    </>
  );
}
