import { inputClass } from '../pages/counter-forms.tsx';
import { useCorporateText } from './text.ts';

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
