import { type FormEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../app.tsx';
import { KindSelect, PrefectureOptions } from '../corporate/fields.tsx';
import { CorporationResults, useCorporationSearch } from '../corporate/results.tsx';
import { useCorporateText } from '../corporate/text.ts';
import { Notice } from '../notice.tsx';
import { inputClass, primaryClass } from './counter-forms.tsx';

export interface Corporation {
  corporateNumber: string;
  process: string;
  updateDate: string;
  changeDate: string;
  name: string;
  kind: string;
  prefectureName: string;
  cityName: string;
  streetNumber: string;
  postCode: string;
  addressOutside: string;
  closeDate: string;
  closeCause: string;
  successorCorporateNumber: string;
  assignmentDate: string;
  latest: string;
  enName: string;
  furigana: string;
}

export const addressOf = (c: Corporation) =>
  c.addressOutside || `${c.prefectureName}${c.cityName}${c.streetNumber}`;

/** The fields of the name search, kept in the page address so a search can be shared and gone back to. */
const SEARCH_FIELDS = ['name', 'mode', 'target', 'address', 'kind', 'change', 'close', 'page'] as const;

/** 法人番号公表サイト: find a corporation by number or by name, no login. */
export function CorporatePage() {
  const t = useCorporateText();
  usePageTitle(t.title);
  const id = useId();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [number, setNumber] = useState('');
  const [numberError, setNumberError] = useState<string | null>(null);
  const [form, setForm] = useState(() => ({
    name: params.get('name') ?? '',
    mode: params.get('mode') ?? '1',
    target: params.get('target') ?? '1',
    address: params.get('address') ?? '',
    kind: params.get('kind') ?? '',
    change: params.get('change') === '1',
    close: params.get('close') !== '0',
  }));
  const [nameError, setNameError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const { result, failure, resultRef } = useCorporationSearch(
    '/api/corporate/search',
    SEARCH_FIELDS,
    'name',
    params.toString(),
  );

  function onNumber(e: FormEvent) {
    e.preventDefault();
    const digits = number.normalize('NFKC').replace(/[-\s]/g, '');
    if (digits === '') {
      setNumberError(t.emptyNumber);
      queueMicrotask(() => errorRef.current?.focus());
      return;
    }
    setNumberError(null);
    navigate(`/corporate/${encodeURIComponent(digits)}`);
  }

  function onName(e: FormEvent) {
    e.preventDefault();
    if (form.name.trim() === '') {
      setNameError(t.emptyName);
      queueMicrotask(() => errorRef.current?.focus());
      return;
    }
    setNameError(null);
    const next = new URLSearchParams({ name: form.name.trim(), mode: form.mode, target: form.target });
    if (form.address) next.set('address', form.address);
    if (form.kind) next.set('kind', form.kind);
    if (form.change) next.set('change', '1');
    if (!form.close) next.set('close', '0');
    setParams(next);
  }

  const turn = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    setParams(next);
  };
  const fieldError = numberError ?? nameError;
  const radio = (name: 'mode' | 'target', options: Record<string, string>, legend: string) => (
    <fieldset>
      <legend className="text-std-17B-170">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-6">
        {Object.entries(options).map(([value, label]) => (
          <label key={value} className="flex min-h-11 cursor-pointer items-center gap-2 text-std-16N-170">
            <input
              type="radio"
              name={name}
              value={value}
              checked={form[name] === value}
              onChange={() => setForm({ ...form, [name]: value })}
              className="size-6 accent-key-900"
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );

  return (
    <>
      <h1 className="text-std-32B-150">{t.title}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.lead}</p>
      <p className="mt-2 flex flex-wrap gap-4 text-std-16N-170">
        <Link to="/corporate/address" className="text-key-900 underline underline-offset-4">
          {t.byAddress}
        </Link>
        <Link to="/corporate/downloads" className="text-key-900 underline underline-offset-4">
          {t.downloadsTitle}
        </Link>
        <Link to="/corporate/app-id" className="text-key-900 underline underline-offset-4">
          {t.appIdTitle}
        </Link>
      </p>

      {fieldError && (
        <div
          ref={errorRef}
          tabIndex={-1}
          role="alert"
          className="mt-6 rounded-8 border-2 border-error-1 bg-red-50 p-4"
        >
          <h2 className="text-std-18B-160 text-error-2">{t.errorSummaryTitle}</h2>
          <p className="mt-2">
            <a
              href={numberError ? `#${id}-number` : `#${id}-name`}
              className="text-error-2 underline underline-offset-4"
            >
              {fieldError}
            </a>
          </p>
        </div>
      )}

      <section aria-labelledby={`${id}-by-number`} className="mt-8">
        <h2 id={`${id}-by-number`} className="text-std-24B-150">
          {t.byNumber}
        </h2>
        <form noValidate onSubmit={onNumber} className="mt-4 flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor={`${id}-number`} className="text-std-17B-170">
              {t.number}
            </label>
            <p id={`${id}-number-hint`} className="text-std-16N-170 text-solid-gray-700">
              {t.numberHint}
            </p>
            <input
              id={`${id}-number`}
              inputMode="numeric"
              autoComplete="off"
              value={number}
              onChange={(e) => setNumber(e.target.value)}
              aria-invalid={numberError ? true : undefined}
              aria-describedby={`${id}-number-hint`}
              className={inputClass}
            />
          </div>
          <button type="submit" className={primaryClass}>
            {t.show}
          </button>
        </form>
      </section>

      <section aria-labelledby={`${id}-by-name`} className="mt-10">
        <h2 id={`${id}-by-name`} className="text-std-24B-150">
          {t.byName}
        </h2>
        <form noValidate onSubmit={onName} className="mt-4 max-w-3xl space-y-6">
          <div>
            <label htmlFor={`${id}-name`} className="flex items-center gap-2 text-std-17B-170">
              {t.name}
              <span className="rounded-4 bg-error-2 px-2 text-dns-14B-120 text-white">{t.required}</span>
            </label>
            <p id={`${id}-name-hint`} className="text-std-16N-170 text-solid-gray-700">
              {t.nameHint}
            </p>
            <input
              id={`${id}-name`}
              name="name"
              autoComplete="organization"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={`${id}-name-hint`}
              className={inputClass}
            />
          </div>
          {radio('mode', t.modes, t.mode)}
          {radio('target', t.targets, t.target)}
          <div className="flex flex-wrap gap-6">
            <div>
              <label htmlFor={`${id}-address`} className="text-std-17B-170">
                {t.prefecture}
              </label>
              <select
                id={`${id}-address`}
                value={form.address}
                onChange={(e) => setForm({ ...form, address: e.target.value })}
                className={inputClass}
              >
                <PrefectureOptions none={t.anyPrefecture} />
              </select>
            </div>
            <KindSelect id={`${id}-kind`} value={form.kind} onChange={(kind) => setForm({ ...form, kind })} />
          </div>
          {(['change', 'close'] as const).map((f) => (
            <label key={f} className="flex min-h-11 cursor-pointer items-center gap-3 text-std-16N-170">
              <input
                type="checkbox"
                checked={form[f]}
                onChange={(e) => setForm({ ...form, [f]: e.target.checked })}
                className="size-6 accent-key-900"
              />
              {t[f]}
            </label>
          ))}
          <button type="submit" className={primaryClass}>
            {t.search}
          </button>
        </form>
      </section>

      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="mt-10">
        {failure && <Notice kind="error">{t.errors[failure] ?? t.genericError}</Notice>}
        {result && <CorporationResults result={result} onPage={turn} />}
      </div>
    </>
  );
}
