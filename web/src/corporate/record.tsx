import { Link } from 'react-router';
import { addressOf, type Corporation } from '../pages/corporate.tsx';
import { useCorporateText } from './text.ts';

/**
 * A corporation as published: its latest record and every version before it. The
 * publication site and the corporate portal show the same thing.
 */
export function CorporationRecord({
  corporation: c,
  history,
}: {
  corporation: Corporation;
  history: Corporation[];
}) {
  const t = useCorporateText();
  const rows: [string, string][] = (
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
  ).filter(([, v]) => v !== '');

  return (
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
            {[...history].reverse().map((v) => (
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
  );
}
