import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { CorporationRecord } from '../corporate/record.tsx';
import { useCorporateText } from '../corporate/text.ts';
import { Notice } from '../notice.tsx';
import type { Corporation } from './corporate.tsx';

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
      {data && <CorporationRecord corporation={data.corporation} history={data.history} />}
    </>
  );
}
