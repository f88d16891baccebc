import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { MemoryChipStore } from '../../../src/card/card-format.ts';
import { Chip } from '../../../src/card/chip.ts';
import { type CardPins, makeCard } from '../../../src/card/issuance.ts';
import { PIN_POLICIES } from '../../../src/card/pins.ts';
import { api, idempotencyKey } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { counterMunicipality, useSession } from '../card/session.tsx';
import { useCardText } from '../card/text.ts';
import { Notice } from '../notice.tsx';
import { inputClass, LifeEventForm, PinResetForm, primaryClass } from './counter-forms.tsx';

interface Resident {
  id: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: string;
  address: string;
  individualNumber: string | null;
  status: string;
}

interface CardView {
  id: string;
  status: string;
  expiresOn: string | null;
  allowedActions: string[];
}

const input = inputClass;
const primary = primaryClass;
const secondary =
  'min-h-11 rounded-8 border border-key-900 px-6 text-std-16B-170 text-key-900 hover:bg-key-50';

/** The municipal counter: find or register a resident, and take them through getting a card. */
export function CounterPage() {
  const t = useCardText();
  usePageTitle(t.counterTitle);
  const { session } = useSession();
  const municipality = counterMunicipality(session);
  const [residentId, setResidentId] = useState<string | null>(null);
  if (session === undefined) return null;
  if (!municipality) {
    return (
      <p className="text-std-16N-170">
        {t.errors.AUTH_FORBIDDEN}{' '}
        <Link to="/login" className="underline">
          {t.navLogin}
        </Link>
      </p>
    );
  }
  return (
    <>
      <h1 className="text-std-32B-150">{t.counterTitle}</h1>
      <Search municipality={municipality} onOpen={setResidentId} />
      {residentId ? (
        <ResidentPanel key={residentId} id={residentId} municipality={municipality} />
      ) : (
        <BirthForm municipality={municipality} onFiled={setResidentId} />
      )}
    </>
  );
}

function Search({ municipality, onOpen }: { municipality: string; onOpen: (id: string) => void }) {
  const t = useCardText();
  const id = useId();
  const [name, setName] = useState('');
  const [found, setFound] = useState<Resident[] | null>(null);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    const r = await api<{ candidates: Resident[] }>(
      'GET',
      `/api/registry/municipalities/${municipality}/residents?name=${encodeURIComponent(name.trim())}`,
    ).catch(() => ({ candidates: [] }));
    setFound(r.candidates);
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 flex flex-wrap items-end gap-4">
      <div>
        <label htmlFor={`${id}-name`} className="block text-std-16B-170">
          {t.searchLabel}
        </label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} className={input} />
      </div>
      <button type="submit" className={secondary}>
        {t.searchButton}
      </button>
      {found && (
        <ul className="w-full space-y-1" aria-live="polite">
          {found.length === 0 && <li className="text-std-16N-170">{t.noResults}</li>}
          {found.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                onClick={() => onOpen(r.id)}
                className="min-h-11 text-left text-std-16N-170 text-key-900 underline"
              >
                {r.familyName} {r.givenName}（{r.birthDate}）{r.address}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function BirthForm({ municipality, onFiled }: { municipality: string; onFiled: (id: string) => void }) {
  const t = useCardText();
  const id = useId();
  const [fields, setFields] = useState({
    familyName: '',
    givenName: '',
    familyNameKana: '',
    givenNameKana: '',
    birthDate: '',
    sex: '1',
    address: '',
  });
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [k]: e.target.value }));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await api<{ residentId: string }>(
        'POST',
        `/api/registry/municipalities/${municipality}/filings`,
        { kind: 'birth', ...fields, household: { mode: 'new' } },
        { 'idempotency-key': idempotencyKey() },
      );
      onFiled(r.residentId);
    } catch (err) {
      const extra = (err as { extra?: { field?: string; reason?: string } }).extra;
      setError(`${t.genericError}${extra?.field ? ` (${extra.field}: ${extra.reason ?? ''})` : ''}`);
      queueMicrotask(() => errorRef.current?.focus());
    }
  }
  const text: Array<[keyof typeof fields, string]> = [
    ['familyName', t.familyName],
    ['givenName', t.givenName],
    ['familyNameKana', t.familyKana],
    ['givenNameKana', t.givenKana],
    ['address', t.address],
  ];
  return (
    <section className="mt-10">
      <h2 className="text-std-24B-150">{t.birthTitle}</h2>
      {error && (
        <Notice kind="error" ref={errorRef}>
          {error}
        </Notice>
      )}
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-6">
        {text.map(([k, label]) => (
          <div key={k}>
            <label htmlFor={`${id}-${k}`} className="block text-std-16B-170">
              {label} <span className="text-error-2">（{t.required}）</span>
            </label>
            <input id={`${id}-${k}`} name={k} value={fields[k]} onChange={set(k)} className={input} />
          </div>
        ))}
        <div>
          <label htmlFor={`${id}-birthDate`} className="block text-std-16B-170">
            {t.birthDate} <span className="text-error-2">（{t.required}）</span>
          </label>
          <input
            id={`${id}-birthDate`}
            name="birthDate"
            type="date"
            value={fields.birthDate}
            onChange={set('birthDate')}
            className={input}
          />
        </div>
        <fieldset>
          <legend className="text-std-16B-170">{t.sex}</legend>
          {(['1', '2', '9'] as const).map((s) => (
            <label key={s} className="mr-6 inline-flex min-h-11 items-center gap-2 text-std-16N-170">
              <input
                type="radio"
                name="sex"
                value={s}
                checked={fields.sex === s}
                onChange={set('sex')}
                className="size-6"
              />
              {t.sexes[s]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className={primary}>
          {t.fileBirth}
        </button>
      </form>
    </section>
  );
}

function ResidentPanel({ id, municipality }: { id: string; municipality: string }) {
  const t = useCardText();
  const [resident, setResident] = useState<Resident | null>(null);
  const [cards, setCards] = useState<CardView[]>([]);
  const load = useCallback(async () => {
    setResident(await api<Resident>('GET', `/api/registry/residents/${id}`));
    setCards((await api<{ cards: CardView[] }>('GET', `/api/cards?residentId=${id}`)).cards);
  }, [id]);
  useEffect(() => {
    void load().catch(() => {});
  }, [load]);
  if (!resident) return null;
  return (
    <section className="mt-10" aria-labelledby="resident-heading">
      <h2 id="resident-heading" className="text-std-24B-150">
        {t.residentTitle}: {resident.familyName} {resident.givenName}
      </h2>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-std-16N-170">
        <dt className="font-bold">{t.birthDate}</dt>
        <dd>{resident.birthDate}</dd>
        <dt className="font-bold">{t.address}</dt>
        <dd>{resident.address}</dd>
        <dt className="font-bold">{t.individualNumber}</dt>
        <dd>{resident.individualNumber ?? '—'}</dd>
      </dl>
      <a
        href={`/api/registry/residents/${id}/notification-letter`}
        className="mt-4 inline-flex min-h-11 items-center text-std-16N-170 text-key-900 underline"
      >
        {t.letter}
      </a>
      <CardSteps resident={resident} cards={cards} reload={load} />
      <LifeEventForm municipality={municipality} residentId={id} onFiled={load} />
    </section>
  );
}

function ageOf(birthDate: string): number {
  const now = new Date();
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return (
    now.getFullYear() -
    y -
    (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d) ? 1 : 0)
  );
}

/** One step at a time through the card's lifecycle; the new chip lives on this screen until handed over. */
function CardSteps({
  resident,
  cards,
  reload,
}: {
  resident: Resident;
  cards: CardView[];
  reload: () => Promise<void>;
}) {
  const t = useCardText();
  const id = useId();
  const [pins, setPins] = useState({ authentication: '', faceAssist: '', signature: '' });
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = cards.find((c) => !['expired', 'invalidated', 'returned'].includes(c.status));
  const wantsSignature = ageOf(resident.birthDate) >= 15;

  async function run(work: () => Promise<unknown>) {
    setError(null);
    try {
      await work();
      await reload();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      setError(code === 'CARD_PIN_FORMAT' ? t.pinRules : (t.errors[code] ?? t.genericError));
    }
  }

  /** Issuance and delivery happen here in one go once the PINs are typed: the chip never leaves this page half-made. */
  async function issueAndDeliver(cardId: string) {
    const chosen: CardPins = {
      authentication: pins.authentication,
      faceAssist: pins.faceAssist,
      ...(wantsSignature ? { signature: pins.signature } : {}),
    };
    if (
      !PIN_POLICIES.authentication.valid(chosen.authentication) ||
      !PIN_POLICIES.faceAssist.valid(chosen.faceAssist) ||
      (wantsSignature && !PIN_POLICIES.signature.valid(pins.signature))
    ) {
      setError(t.pinRules);
      return;
    }
    const store = new MemoryChipStore(`counter:${cardId}`);
    const chip = await Chip.blank(store, cardId);
    await makeCard(chip, chosen, {
      issue: (csrs) =>
        api('POST', `/api/cards/${cardId}/issuance`, {
          authenticationCsr: csrs.authentication,
          ...(csrs.signature ? { signatureCsr: csrs.signature } : {}),
        }),
      deliver: (c) => api('POST', `/api/cards/${c}/delivery`),
      abandon: async (c) => {
        await api('POST', `/api/cards/${c}/invalidation`, { reason: 'issuance-failed' });
      },
    });
    const file = new Blob([JSON.stringify(await store.toCardFile(), null, 2)], { type: 'application/json' });
    setDownload({ url: URL.createObjectURL(file), name: `card-${cardId}.json` });
  }

  const pinField = (k: keyof typeof pins, label: string) => (
    <div key={k}>
      <label htmlFor={`${id}-${k}`} className="block text-std-16B-170">
        {label}
      </label>
      <input
        id={`${id}-${k}`}
        type="password"
        autoComplete="off"
        value={pins[k]}
        onChange={(e) => setPins((p) => ({ ...p, [k]: e.target.value }))}
        className={input}
      />
    </div>
  );

  return (
    <div className="mt-8 rounded-8 border border-solid-gray-420 p-6">
      <h3 className="text-std-18B-160">{t.cardsTitle}</h3>
      {error && (
        <p role="alert" className="mt-2 text-std-16N-170 text-error-2">
          {error}
        </p>
      )}
      {cards.length === 0 && <p className="mt-2 text-std-16N-170">{t.noCards}</p>}
      <ul className="mt-2 space-y-1 text-std-16N-170">
        {cards.map((c) => (
          <li key={c.id} data-testid="counter-card-status">
            {t.statuses[c.status] ?? c.status}
            {c.expiresOn ? `（${t.cardExpires} ${c.expiresOn}）` : ''}
          </li>
        ))}
      </ul>
      {download && (
        <a
          href={download.url}
          download={download.name}
          className={`mt-4 inline-flex items-center ${primary}`}
          data-testid="card-download"
        >
          {t.download}
        </a>
      )}
      <div className="mt-4 space-y-4">
        {!live && (
          <button
            type="button"
            className={primary}
            onClick={() => void run(() => api('POST', '/api/cards', { residentId: resident.id }))}
          >
            {t.apply}
          </button>
        )}
        {live?.status === 'applied' && (
          <button
            type="button"
            className={primary}
            onClick={() =>
              void run(() =>
                api('POST', `/api/cards/${live.id}/identity-verification`, {
                  documents: ['driving-licence'],
                }),
              )
            }
          >
            {t.verifyIdentity}
          </button>
        )}
        {live?.status === 'identity-verified' && (
          <fieldset className="space-y-4">
            <legend className="text-std-16B-170">{t.pinsTitle}</legend>
            {pinField('authentication', t.authPin)}
            {pinField('faceAssist', t.facePin)}
            {wantsSignature && pinField('signature', t.signPassword)}
            <button
              type="button"
              className={primary}
              onClick={() => void run(() => issueAndDeliver(live.id))}
            >
              {t.deliver}
            </button>
          </fieldset>
        )}
        {live?.allowedActions.includes('suspend') && (
          <button
            type="button"
            className={secondary}
            onClick={() => void run(() => api('POST', `/api/cards/${live.id}/suspension`))}
          >
            {t.suspendAtCounter}
          </button>
        )}
        {live?.allowedActions.includes('resume') && (
          <button
            type="button"
            className={primary}
            onClick={() => void run(() => api('POST', `/api/cards/${live.id}/resumption`))}
          >
            {t.resume}
          </button>
        )}
        {live && (live.status === 'delivered' || live.status === 'suspended') && (
          <PinResetForm cardId={live.id} />
        )}
      </div>
    </div>
  );
}
