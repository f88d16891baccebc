import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { KindSelect, PrefectureOptions } from '../corporate/fields.tsx';
import { CorporationResults, useCorporationSearch } from '../corporate/results.tsx';
import { useCorporateText } from '../corporate/text.ts';
import { Notice } from '../notice.tsx';
import { inputClass, primaryClass } from './counter-forms.tsx';

const FIELDS = ['address', 'street', 'kind', 'close', 'page'] as const;

/** 所在地から探す: the corporations of a prefecture or city, by name; the search is kept in the address. */
export function CorporateAddressPage() {
  const t = useCorporateText();
  usePageTitle(t.byAddress);
  const id = useId();
  const [params, setParams] = useSearchParams();
  const initial = params.get('address') ?? '';
  const [form, setForm] = useState(() => ({
    prefecture: initial.slice(0, 2),
    city: initial.slice(2, 5),
    street: params.get('street') ?? '',
    kind: params.get('kind') ?? '',
    close: params.get('close') !== '0',
  }));
  const [cities, setCities] = useState<{ cityCode: string; cityName: string }[]>([]);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (!form.prefecture) return setCities([]);
    let current = true;
    api<{ cities: { cityCode: string; cityName: string }[] }>(
      'GET',
      `/api/corporate/places/${form.prefecture}`,
    )
      .then((r) => current && setCities(r.cities))
      .catch(() => current && setCities([]));
    return () => {
      current = false;
    };
  }, [form.prefecture]);

  const { result, failure, resultRef } = useCorporationSearch(
    '/api/corporate/by-address',
    FIELDS,
    'address',
    params.toString(),
  );

  function onSearch(e: FormEvent) {
    e.preventDefault();
    if (!form.prefecture) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const next = new URLSearchParams({ address: `${form.prefecture}${form.city}` });
    if (form.street.trim()) next.set('street', form.street.trim());
    if (form.kind) next.set('kind', form.kind);
    if (!form.close) next.set('close', '0');
    setParams(next);
  }
  const turn = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    setParams(next);
  };
  const label = 'text-std-17B-170';

  return (
    <>
      <p>
        <Link to="/corporate" className="text-key-900 underline underline-offset-4">
          {t.backToSearch}
        </Link>
      </p>
      <h1 className="mt-4 text-std-32B-150">{t.byAddress}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.byAddressLead}</p>
      {missing && (
        <div role="alert" className="mt-6 rounded-8 border-2 border-error-1 bg-red-50 p-4">
          <h2 className="text-std-18B-160 text-error-2">{t.errorSummaryTitle}</h2>
          <p className="mt-2">
            <a href={`#${id}-prefecture`} className="text-error-2 underline underline-offset-4">
              {t.emptyPrefecture}
            </a>
          </p>
        </div>
      )}
      <form noValidate onSubmit={onSearch} className="mt-8 max-w-3xl space-y-6">
        <div className="flex flex-wrap gap-6">
          <div>
            <label htmlFor={`${id}-prefecture`} className={`flex items-center gap-2 ${label}`}>
              {t.prefecture}
              <span className="rounded-4 bg-error-2 px-2 text-dns-14B-120 text-white">{t.required}</span>
            </label>
            <select
              id={`${id}-prefecture`}
              value={form.prefecture}
              onChange={(e) => setForm({ ...form, prefecture: e.target.value, city: '' })}
              aria-invalid={missing ? true : undefined}
              className={inputClass}
            >
              <PrefectureOptions none={t.choosePrefecture} />
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-city`} className={label}>
              {t.city}
            </label>
            <select
              id={`${id}-city`}
              value={form.city}
              onChange={(e) => setForm({ ...form, city: e.target.value })}
              disabled={cities.length === 0}
              className={inputClass}
            >
              <option value="">{t.allCities}</option>
              {cities.map((c) => (
                <option key={c.cityCode} value={c.cityCode}>
                  {c.cityName}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div>
          <label htmlFor={`${id}-street`} className={label}>
            {t.street}
          </label>
          <p id={`${id}-street-hint`} className="text-std-16N-170 text-solid-gray-700">
            {t.streetHint}
          </p>
          <input
            id={`${id}-street`}
            value={form.street}
            maxLength={100}
            onChange={(e) => setForm({ ...form, street: e.target.value })}
            aria-describedby={`${id}-street-hint`}
            className={inputClass}
          />
        </div>
        <KindSelect id={`${id}-kind`} value={form.kind} onChange={(kind) => setForm({ ...form, kind })} />
        <label className="flex min-h-11 items-center gap-2 text-std-16N-170">
          <input
            type="checkbox"
            checked={form.close}
            onChange={(e) => setForm({ ...form, close: e.target.checked })}
            className="size-6 accent-key-900"
          />
          {t.close}
        </label>
        <button type="submit" className={primaryClass}>
          {t.search}
        </button>
      </form>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="mt-10">
        {failure && <Notice kind="error">{t.errors[failure] ?? t.genericError}</Notice>}
        {result && <CorporationResults result={result} onPage={turn} />}
      </div>
    </>
  );
}
