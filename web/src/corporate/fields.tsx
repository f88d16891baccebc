import { useLanguage } from '../i18n.tsx';
import { inputClass } from '../pages/counter-forms.tsx';
import { PREFECTURES, useCorporateText } from './text.ts';

/** The kind filter of both searches (国の機関, 地方公共団体, 設立登記法人, 外国会社等・その他). */
export function KindSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const t = useCorporateText();
  return (
    <div>
      <label htmlFor={id} className="text-std-17B-170">
        {t.kind}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        {Object.entries(t.kinds).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The 47 prefectures as options, in the page's language (after a first, empty choice). */
export function PrefectureOptions({ none }: { none: string }) {
  const { lang } = useLanguage();
  return (
    <>
      <option value="">{none}</option>
      {PREFECTURES.map(([code, ja, en]) => (
        <option key={code} value={code}>
          {lang === 'ja' ? ja : en}
        </option>
      ))}
    </>
  );
}
