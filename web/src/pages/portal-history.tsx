import type { JWK } from 'jose';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { PersonRecord } from '../../../src/linkage/service.ts';
import {
  importLogKey,
  missingSequenceNumbers,
  type RecordCheck,
  type SignedHead,
  verifyRecord,
} from '../../../src/linkage/verify.ts';
import { api } from '../api.ts';
import { useLanguage } from '../i18n.tsx';
import { Notice } from '../notice.tsx';
import { PortalError, portalPage, TableHead, useActing, useErrorText, when } from '../portal/acting.tsx';
import { usePortalText } from '../portal/text.ts';
import { CELL, FIELD, LABEL, SECONDARY, TABLE } from '../portal/ui.ts';

interface History {
  head: SignedHead;
  logKey: JWK;
  records: PersonRecord[];
  /** The person's first records (1…purged) were purged after their 7 years. */
  purged: number;
}
interface Filter {
  from: string;
  to: string;
  institution: string;
  item: string;
}

/**
 * やりとり履歴: every record about the person. Each is checked here, in the browser, against
 * the log's latest signed head (signature, then inclusion proof), and the per-person
 * numbering is checked for gaps — before any filter, so a filter never hides a warning.
 */
export const PortalHistoryPage = portalPage((t) => t.historyTitle, HistoryView);

function HistoryView() {
  const t = usePortalText();
  const { lang } = useLanguage();
  const errorText = useErrorText();
  const { acting } = useActing();
  const [history, setHistory] = useState<History | null>(null);
  const [checks, setChecks] = useState<Map<number, RecordCheck>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>({ from: '', to: '', institution: '', item: '' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: asks again when the person switches whom they act for
  useEffect(() => {
    setHistory(null);
    setChecks(new Map());
    api<History>('GET', '/api/portal/history')
      .then(async (h) => {
        setHistory(h);
        const key = await importLogKey(h.logKey);
        const results = new Map<number, RecordCheck>();
        for (const r of h.records) results.set(r.seq, await verifyRecord(r, h.head, key));
        setChecks(results);
      })
      .catch((e) => setError(errorText(e)));
  }, [acting, errorText]);

  const missing = useMemo(
    () => (history ? missingSequenceNumbers(history.records, history.purged) : []),
    [history],
  );
  const failed = [...checks.values()].filter((c) => c !== 'verified').length;
  const institutions = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of history?.records ?? []) {
      m.set(r.requester, r.requesterName);
      m.set(r.provider, r.providerName);
    }
    return [...m];
  }, [history]);
  const items = useMemo(
    () => [...new Map((history?.records ?? []).map((r) => [r.item, r.itemName]))],
    [history],
  );
  const shown = (history?.records ?? [])
    .filter((r) => {
      const day = new Date(r.requestedAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
      return (
        (!filter.from || day >= filter.from) &&
        (!filter.to || day <= filter.to) &&
        (!filter.institution || r.requester === filter.institution || r.provider === filter.institution) &&
        (!filter.item || r.item === filter.item)
      );
    })
    .reverse();

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setFilter({
      from: String(f.get('from') ?? ''),
      to: String(f.get('to') ?? ''),
      institution: String(f.get('institution') ?? ''),
      item: String(f.get('item') ?? ''),
    });
  }

  return (
    <>
      <h1 className="text-std-32B-150">{t.historyTitle}</h1>
      <p className="mt-2 max-w-3xl text-std-16N-170">{t.historyLead}</p>
      <PortalError text={error} />
      {!history && !error && <p className="mt-6">{t.loading}</p>}
      {history && history.records.length > 0 && checks.size === history.records.length && (
        <Notice kind={failed > 0 || missing.length > 0 ? 'error' : 'status'} testId="history-verification">
          {failed > 0 && <p>{t.verifyFailed(failed)}</p>}
          {missing.length > 0 && <p>{t.missing(missing.join(', '))}</p>}
          {failed === 0 && missing.length === 0 && <p>{t.verifiedAll(checks.size)}</p>}
        </Notice>
      )}
      {history && history.purged > 0 && <p className="mt-4">{t.purged(history.purged)}</p>}
      {history && (
        <>
          <form onSubmit={apply} className="mt-6 grid gap-4 md:grid-cols-2" aria-label={t.filterApply}>
            <label className={LABEL}>
              {t.filterFrom}
              <input type="date" name="from" className={FIELD} />
            </label>
            <label className={LABEL}>
              {t.filterTo}
              <input type="date" name="to" className={FIELD} />
            </label>
            <label className={LABEL}>
              {t.filterInstitution}
              <select name="institution" className={FIELD}>
                <option value="">{t.filterAll}</option>
                {institutions.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name || code}
                  </option>
                ))}
              </select>
            </label>
            <label className={LABEL}>
              {t.filterItem}
              <select name="item" className={FIELD}>
                <option value="">{t.filterAll}</option>
                {items.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name || code}
                  </option>
                ))}
              </select>
            </label>
            <div>
              <button type="submit" className={SECONDARY}>
                {t.filterApply}
              </button>
            </div>
          </form>
          {shown.length === 0 ? (
            <p className="mt-6">{t.noRecords}</p>
          ) : (
            <div className="mt-6 overflow-x-auto">
              <table className={TABLE} data-testid="history-table">
                <TableHead columns={t.historyColumns} />
                <tbody>
                  {shown.map((r) => {
                    const check = checks.get(r.seq);
                    return (
                      <tr key={r.seq}>
                        <td className={CELL}>{when(r.requestedAt, lang)}</td>
                        <td className={CELL}>{r.requesterName}</td>
                        <td className={CELL}>{r.providerName}</td>
                        <td className={CELL}>
                          {r.procedureName}
                          {r.stepName && `（${r.stepName}）`}
                        </td>
                        <td className={CELL}>{r.itemName}</td>
                        <td className={CELL}>{t.outcomes[r.outcome] ?? r.outcome}</td>
                        <td className={CELL} data-testid="record-check">
                          {check === undefined
                            ? '…'
                            : check === 'verified'
                              ? `✓ ${t.verified}`
                              : `✗ ${t.notVerified}`}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
