import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useLanguage } from '../i18n.tsx';
import { PortalError, portalPage, TableHead, useActing, useErrorText, when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { CELL, TABLE } from '../portal/ui.ts';

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
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asks again when the person switches whom they act for
  useEffect(() => {
    api<{ entries: Entry[] }>('GET', '/api/portal/activity?limit=100')
      .then((r) => setEntries(r.entries))
      .catch((e) => setError(errorText(e)));
  }, [acting, errorText]);
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
    </>
  );
}
