import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useCorporateText } from '../corporate/text.ts';
import { Notice } from '../notice.tsx';
import { addressOf, type Corporation } from './corporate.tsx';

/** One corporation as published: its latest record and every version before it. */
export function CorporateDetailPage() {
  const t = useCorporateText();
  const { number = '' } = useParams();
  const [data, setData] = useState<{ corporation: Corporation; history: Corporation[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(data?.corporation.name ?? t.detailTitle);

  useEffect(() => {
    setData(null);
    setFailure(null);
    api<{ corporation: Corporation; history: Corporation[] }>(
      'GET',
      `/api/corporate/corporations/${encodeURIComponent(number)}`,
    )
      .then(setData)
      .catch((e: unknown) => setFailure(e instanceof ApiError ? e.code : 'NETWORK'))
      .finally(() => queueMicrotask(() => headingRef.current?.focus()));
  }, [number]);

  const c = data?.corporation;
  const rows: [string, string][] = c
    ? (
        [
          ['corporateNumber', c.corporateNumber],
          ['name', c.name],
          ['furigana', c.furigana],
          ['enName', c.enName],
          ['kind', t.kindNames[c.kind] ?? c.kind],
          ['address', c.addressOutside ? '' : `${c.prefectureName}${c.cityName}${c.streetNumber}`],
          ['postCode', c.postCode ? `〒${c.postCode.slice(0, 3)}-${c.postCode.slice(3)}` : ''],
          ['addressOutside', c.addressOutside],
          ['assignmentDate', c.assignmentDate],
          ['updateDate', c.updateDate],
          ['closeDate', c.closeDate],
          ['closeCause', t.closeCauses[c.closeCause] ?? ''],
          ['successor', c.successorCorporateNumber],
        ] as [string, string][]
      ).filter(([, v]) => v !== '')
    : [];

  return (
    <>
      <p>
        <Link to="/corporate" className="text-key-900 underline underline-offset-4">
          {t.backToSearch}
        </Link>
      </p>
      <h1 ref={headingRef} tabIndex={-1} className="mt-4 text-std-32B-150">
        {c?.name ?? t.detailTitle}
      </h1>
      {failure && <Notice kind="error">{t.errors[failure] ?? t.genericError}</Notice>}
      {c && (
        <>
          <dl
            data-testid="corporation"
            className="mt-6 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-std-16N-170"
          >
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-bold">{t.fields[k]}</dt>
                <dd className={k === 'corporateNumber' || k === 'successor' ? 'font-mono' : ''}>
                  {k === 'successor' ? (
                    <Link to={`/corporate/${v}`} className="text-key-900 underline underline-offset-4">
                      {v}
                    </Link>
                  ) : (
                    v
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <h2 className="mt-10 text-std-24B-150">{t.historyTitle}</h2>
          <div className="mt-4 overflow-x-auto">
            <table data-testid="history" className="w-full border-collapse text-left text-std-16N-170">
              <thead>
                <tr className="border-b-2 border-solid-gray-600">
                  {t.historyColumns.map((h) => (
                    <th key={h} scope="col" className="p-2">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...(data?.history ?? [])].reverse().map((v) => (
                  <tr
                    key={`${v.updateDate}-${v.process}-${v.changeDate}-${v.name}`}
                    className="border-b border-solid-gray-420"
                  >
                    <td className="p-2">{v.updateDate}</td>
                    <td className="p-2">{v.changeDate}</td>
                    <td className="p-2">{t.processes[v.process] ?? v.process}</td>
                    <td className="p-2">{v.name}</td>
                    <td className="p-2">{addressOf(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
