import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useLanguage } from '../i18n.tsx';
import { PortalError, portalPage, TableHead, useActing, useErrorText, when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { CELL, SECONDARY, TABLE } from '../portal/ui.ts';

const PAGE = 50;

interface Entry {
  seq: number;
  action: string;
  at: string;
  byProxy: boolean;
  actorName: string | null;
}

/** 操作履歴: what was done in the account, with the proxy's name when a proxy did it. */
export const PortalActivityPage = portalPage((t) => t.activityTitle, Activity);

function Activity() {
  const t = usePortalText();
  const { lang } = useLanguage();
  const errorText = useErrorText();
  const { acting } = useActing();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A page at a time, newest first; `before` is the oldest entry shown so far.
  const page = useCallback(
    (before?: number) =>
      api<{ entries: Entry[] }>(
        'GET',
        `/api/portal/activity?limit=${PAGE}${before ? `&before=${before}` : ''}`,
      )
        .then((r) => {
          setEntries((shown) => [...(before ? (shown ?? []) : []), ...r.entries]);
          setMore(r.entries.length === PAGE);
        })
        .catch((e) => setError(errorText(e))),
    [errorText],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: asks again when the person switches whom they act for
  useEffect(() => {
    void page();
  }, [acting, page]);
  return (
    <>
      <h1 className="text-std-32B-150">{t.activityTitle}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.activityLead}</p>
      <PortalError text={error} />
      {entries && (
        <table className={TABLE} data-testid="activity-table">
          <TableHead columns={t.activityColumns} />
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td className={CELL}>{when(e.at, lang)}</td>
                <td className={CELL}>{t.actions[e.action] ?? e.action}</td>
                <td className={CELL}>{e.byProxy ? t.byProxy(e.actorName ?? '') : t.you}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && entries && (
        <button type="button" className={`${SECONDARY} mt-4`} onClick={() => void page(entries.at(-1)?.seq)}>
          {t.moreActivity}
        </button>
      )}
    </>
  );
}
