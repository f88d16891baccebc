import { type RefObject, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../api.ts';
import { addressOf, type Corporation } from '../pages/corporate.tsx';
import { primaryClass } from '../pages/counter-forms.tsx';
import { useCorporateText } from './text.ts';

export interface SearchResult {
  count: number;
  page: number;
  pages: number;
  corporations: Corporation[];
}

/**
 * Runs the search the page address holds (when `required` is in it) against `endpoint`,
 * sending only `fields`. A newer search supersedes this one: its late answer never replaces
 * the newer one's. Focus moves to the results when they come.
 */
export function useCorporationSearch(
  endpoint: string,
  fields: readonly string[],
  required: string,
  query: string,
): { result: SearchResult | null; failure: string | null; resultRef: RefObject<HTMLDivElement | null> } {
  const [result, setResult] = useState<SearchResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const given = new URLSearchParams(query);
    if (!given.get(required)) return;
    const q = new URLSearchParams();
    for (const f of fields) {
      const v = given.get(f);
      if (v) q.set(f, v);
    }
    let current = true;
    api<SearchResult>('GET', `${endpoint}?${q}`)
      .then((r) => {
        if (!current) return;
        setResult(r);
        setFailure(null);
      })
      .catch((e: unknown) => {
        if (!current) return;
        setResult(null);
        setFailure(e instanceof ApiError ? e.code : 'NETWORK');
      })
      .finally(() => {
        if (current) queueMicrotask(() => resultRef.current?.focus());
      });
    return () => {
      current = false;
    };
  }, [endpoint, fields, required, query]);
  return { result, failure, resultRef };
}

/** A page of corporations found (by name or by address), with the way to the next page. */
export function CorporationResults({
  result,
  onPage,
}: {
  result: SearchResult;
  onPage: (page: number) => void;
}) {
  const t = useCorporateText();
  return (
    <section data-testid="corporate-results">
      <h2 className="text-std-20B-150">{result.count > 0 ? t.results(result.count) : t.noResults}</h2>
      {result.count > 0 && (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full border-collapse text-left text-std-16N-170">
            <thead>
              <tr className="border-b-2 border-solid-gray-600">
                {t.columns.map((c) => (
                  <th key={c} scope="col" className="p-2">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.corporations.map((c) => (
                <tr key={c.corporateNumber} className="border-b border-solid-gray-420">
                  <td className="p-2 font-mono">{c.corporateNumber}</td>
                  <td className="p-2">
                    <Link
                      to={`/corporate/${c.corporateNumber}`}
                      className="text-key-900 underline underline-offset-4"
                    >
                      {c.name}
                    </Link>
                    {c.closeDate && (
                      <span className="ml-2 rounded-4 border px-1 text-dns-14N-130">{t.closed}</span>
                    )}
                  </td>
                  <td className="p-2">{addressOf(c)}</td>
                  <td className="p-2">{t.kindNames[c.kind] ?? c.kind}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label={t.page(result.page, result.pages)} className="mt-4 flex items-center gap-4">
            {result.page > 1 && (
              <button type="button" onClick={() => onPage(result.page - 1)} className={primaryClass}>
                {t.prev}
              </button>
            )}
            <span>{t.page(result.page, result.pages)}</span>
            {result.page < result.pages && (
              <button type="button" onClick={() => onPage(result.page + 1)} className={primaryClass}>
                {t.next}
              </button>
            )}
          </nav>
        </div>
      )}
    </section>
  );
}
