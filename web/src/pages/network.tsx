import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { type Session, useSession } from '../card/session.tsx';
import { useLinkageText } from '../linkage/text.ts';
import { Notice } from '../notice.tsx';
import { inputClass, primaryClass } from './counter-forms.tsx';

interface Institution {
  code: string;
  name: string;
  kind: string;
}
interface Procedure {
  code: string;
  name: string;
  steps: { code: string; name: string }[];
  requesters: string[];
  asks: [string, string][];
}
interface Layout {
  code: string;
  name: string;
  byFiscalYear: boolean;
}
interface Result {
  processingNumber: string;
  outcome: string;
  refusal: string | null;
  answer: {
    found: boolean;
    period: string | null;
    data: Record<string, unknown> | null;
    versions: { validFrom: string; validTo: string | null; data: Record<string, unknown> | null }[] | null;
  } | null;
}
interface NodeRecord {
  processingNumber: string;
  role: string;
  counterpart: string;
  procedure: string;
  step: string | null;
  item: string;
  requestedAt: string;
  outcome: string;
}

/** The institutions this session may query as: its roles' organisations, all for administrators. */
function mine(session: Session, all: Institution[]): Institution[] {
  if (session.roles.some((r) => r.role === 'system-administrator')) return all;
  const codes = new Set(
    session.roles.flatMap((r) =>
      r.role === 'institution-operator'
        ? [r.organisation]
        : r.role === 'municipal-clerk'
          ? [`10${r.organisation}00000000`]
          : [],
    ),
  );
  return all.filter((i) => codes.has(i.code));
}

/** The institution operators' console: query through the network, and see this node's records. */
export function NetworkPage() {
  const t = useLinkageText();
  usePageTitle(t.title);
  const { session } = useSession();
  const [institutions, setInstitutions] = useState<Institution[] | null>(null);
  const [catalogue, setCatalogue] = useState<{ procedures: Procedure[]; items: Layout[] } | null>(null);
  useEffect(() => {
    if (!session) return;
    api<{ institutions: Institution[] }>('GET', '/api/linkage/institutions')
      .then((r) => setInstitutions(r.institutions))
      .catch(() => setInstitutions([]));
    api<{ procedures: Procedure[]; items: Layout[] }>('GET', '/api/linkage/catalogue').then(
      setCatalogue,
      () => {},
    );
  }, [session]);
  if (session === undefined) return null;
  const usable = session && institutions ? mine(session, institutions) : [];
  if (!session || (institutions && usable.length === 0)) {
    return (
      <>
        <h1 className="text-std-32B-150">{t.title}</h1>
        <p className="mt-4 text-std-16N-170">
          {t.noRole}{' '}
          {!session && (
            <Link to="/login" className="underline">
              {t.login}
            </Link>
          )}
        </p>
      </>
    );
  }
  if (!institutions || !catalogue) return null;
  return <Console mine={usable} all={institutions} catalogue={catalogue} />;
}

function Console(props: {
  mine: Institution[];
  all: Institution[];
  catalogue: { procedures: Procedure[]; items: Layout[] };
}) {
  const t = useLinkageText();
  const id = useId();
  const [requester, setRequester] = useState(props.mine[0]!.code);
  const kind = props.all.find((i) => i.code === requester)?.kind ?? '';
  const procedures = props.catalogue.procedures.filter((p) => p.requesters.includes(kind));
  // Each choice falls back to the first valid one when an earlier choice changes.
  const [chosenProcedure, setProcedure] = useState('');
  const procedure = procedures.some((p) => p.code === chosenProcedure)
    ? chosenProcedure
    : (procedures[0]?.code ?? '');
  const steps = procedures.find((p) => p.code === procedure)?.steps ?? [];
  const [chosenStep, setStep] = useState('');
  const step = steps.some((s) => s.code === chosenStep) ? chosenStep : (steps[0]?.code ?? '');
  const asks = procedures.find((p) => p.code === procedure)?.asks ?? [];
  const items = [...new Set(asks.map(([i]) => i))];
  const [chosenItem, setItem] = useState('');
  const item = items.includes(chosenItem) ? chosenItem : (items[0] ?? '');
  const providerKinds = asks.filter(([i]) => i === item).map(([, k]) => k);
  const providers = props.all.filter((i) => providerKinds.includes(i.kind));
  const [chosenProvider, setProvider] = useState('');
  const provider = providers.some((p) => p.code === chosenProvider)
    ? chosenProvider
    : (providers[0]?.code ?? '');
  const [person, setPerson] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [records, setRecords] = useState<NodeRecord[]>([]);
  const noticeRef = useRef<HTMLDivElement>(null);
  const layout = props.catalogue.items.find((l) => l.code === item);
  const name = useMemo(() => new Map(props.all.map((i) => [i.code, i.name])), [props.all]);
  const itemName = (code: string) => props.catalogue.items.find((l) => l.code === code)?.name ?? code;
  const procedureName = (code: string, stepCode: string | null) => {
    const p = props.catalogue.procedures.find((x) => x.code === code);
    const s = p?.steps.find((x) => x.code === stepCode);
    return `${p?.name ?? code}${s ? `（${s.name}）` : ''}`;
  };

  const loadRecords = useCallback(() => {
    api<{ records: NodeRecord[] }>('GET', `/api/linkage/institutions/${requester}/records?limit=20`).then(
      (r) => setRecords(r.records),
      () => setRecords([]),
    );
  }, [requester]);
  useEffect(loadRecords, [loadRecords]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    setError(null);
    try {
      const r = await api<{ results: Result[] }>('POST', `/api/linkage/institutions/${requester}/queries`, {
        queries: [
          {
            individualNumber: person.trim(),
            procedure,
            step,
            provider,
            item,
            ...(layout?.byFiscalYear && !from && !to ? { fiscalYear: Number(year) } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          },
        ],
      });
      setResult(r.results[0]!);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'NETWORK';
      setError(t.errors[code] ?? t.genericError);
    }
    loadRecords();
    setTimeout(() => noticeRef.current?.focus(), 0);
  }

  const select = (
    label: string,
    key: string,
    value: string,
    set: (v: string) => void,
    options: [string, string][],
  ) => (
    <div>
      <label htmlFor={`${id}-${key}`} className="block text-std-16B-170">
        {label}
      </label>
      <select
        id={`${id}-${key}`}
        value={value}
        onChange={(e) => set(e.target.value)}
        className={`${inputClass} min-w-80`}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <h1 className="text-std-32B-150">{t.title}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.lead}</p>
      <form onSubmit={onSubmit} className="mt-6 grid gap-4 sm:grid-cols-2">
        {select(
          t.institution,
          'requester',
          requester,
          setRequester,
          props.mine.map((i) => [i.code, i.name]),
        )}
        {select(
          t.procedure,
          'procedure',
          procedure,
          setProcedure,
          procedures.map((p) => [p.code, p.name]),
        )}
        {select(
          t.step,
          'step',
          step,
          setStep,
          steps.map((s) => [s.code, s.name]),
        )}
        {select(
          t.item,
          'item',
          item,
          setItem,
          items.map((i) => [i, itemName(i)]),
        )}
        {select(
          t.provider,
          'provider',
          provider,
          setProvider,
          providers.map((p) => [p.code, p.name]),
        )}
        <div>
          <label htmlFor={`${id}-person`} className="block text-std-16B-170">
            {t.person}
          </label>
          <p id={`${id}-person-hint`} className="text-dns-14N-130 text-solid-gray-700">
            {t.personHint}
          </p>
          <input
            id={`${id}-person`}
            value={person}
            onChange={(e) => setPerson(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]{12}"
            required
            aria-describedby={`${id}-person-hint`}
            className={inputClass}
          />
        </div>
        {layout?.byFiscalYear && (
          <div>
            <label htmlFor={`${id}-year`} className="block text-std-16B-170">
              {t.fiscalYear}
            </label>
            <input
              id={`${id}-year`}
              value={year}
              onChange={(e) => setYear(e.target.value)}
              inputMode="numeric"
              pattern="[0-9]{4}"
              className={inputClass}
            />
          </div>
        )}
        <p id={`${id}-period-hint`} className="text-dns-14N-130 text-solid-gray-700 sm:col-span-2">
          {t.periodHint}
        </p>
        {(
          [
            ['from', t.periodFrom, from, setFrom],
            ['to', t.periodTo, to, setTo],
          ] as const
        ).map(([key, label, value, set]) => (
          <div key={key}>
            <label htmlFor={`${id}-${key}`} className="block text-std-16B-170">
              {label}
            </label>
            <input
              id={`${id}-${key}`}
              type="date"
              value={value}
              onChange={(e) => set(e.target.value)}
              aria-describedby={`${id}-period-hint`}
              className={inputClass}
            />
          </div>
        ))}
        <div className="sm:col-span-2">
          <button type="submit" className={primaryClass}>
            {t.submit}
          </button>
        </div>
      </form>
      {error && (
        <Notice kind="error" ref={noticeRef} testId="query-error">
          {error}
        </Notice>
      )}
      {result && (
        <Notice
          kind={result.outcome === 'refused' ? 'error' : 'status'}
          ref={noticeRef}
          testId="query-result"
        >
          <h2 className="text-std-20B-150">
            {t.resultTitle}: {t.outcome[result.outcome] ?? result.outcome}
          </h2>
          {result.refusal && <p>{t.errors[result.refusal] ?? result.refusal}</p>}
          {result.answer && !result.answer.found && <p>{t.notFound}</p>}
          {result.answer?.versions
            ? result.answer.versions.length > 0 && (
                <>
                  <h3 className="mt-2 text-std-16B-170">{t.versionsTitle}</h3>
                  <ol className="mt-1" data-testid="answer-versions">
                    {result.answer.versions.map((v) => (
                      <li key={v.validFrom} className="mt-2">
                        <p className="font-bold">{t.validity(v.validFrom, v.validTo)}</p>
                        {v.data && <Fields data={v.data} />}
                      </li>
                    ))}
                  </ol>
                </>
              )
            : result.answer?.data && <Fields data={result.answer.data} />}
          <p className="mt-2 text-dns-14N-130">
            {t.processingNumber}: <span className="font-mono">{result.processingNumber}</span>
          </p>
        </Notice>
      )}
      <h2 className="mt-10 text-std-24B-150">{t.recordsTitle}</h2>
      {records.length === 0 ? (
        <p className="mt-2 text-std-16N-170">{t.recordsEmpty}</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full border-collapse text-left text-std-16N-170" data-testid="node-records">
            <thead>
              <tr>
                {t.columns.map((c) => (
                  <th key={c} scope="col" className="border-b-2 border-solid-gray-420 px-2 py-1">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={`${r.processingNumber}-${r.role}`} className="border-b border-solid-gray-420">
                  <td className="px-2 py-1">{new Date(r.requestedAt).toLocaleString()}</td>
                  <td className="px-2 py-1">{t.roles[r.role] ?? r.role}</td>
                  <td className="px-2 py-1">{name.get(r.counterpart) ?? r.counterpart}</td>
                  <td className="px-2 py-1">{procedureName(r.procedure, r.step)}</td>
                  <td className="px-2 py-1">{itemName(r.item)}</td>
                  <td className="px-2 py-1">{t.outcome[r.outcome] ?? r.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Fields(props: { data: Record<string, unknown> }) {
  return (
    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
      {Object.entries(props.data).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-bold">{k}</dt>
          <dd>{String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
