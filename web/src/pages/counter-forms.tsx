import { type FormEvent, useId, useState } from 'react';
import { MemoryChipStore, parseCardFile } from '../../../src/card/card-format.ts';
import { Chip, type PinReset } from '../../../src/card/chip.ts';
import { api, idempotencyKey } from '../api.ts';
import { useCardText } from '../card/text.ts';
import { useNotice } from '../notice.tsx';

export const inputClass =
  'mt-2 block min-h-11 w-full max-w-md rounded-8 border border-solid-gray-600 px-4 text-std-16N-170';
export const primaryClass =
  'min-h-11 rounded-8 bg-key-900 px-6 text-std-16B-170 text-white hover:bg-key-1000';

const KINDS = ['move-within', 'name-change', 'move-out', 'death', 'emigration'] as const;
type Kind = (typeof KINDS)[number];
const FIELDS: Record<Kind, readonly string[]> = {
  'move-within': ['address', 'effectiveDate'],
  'name-change': ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'effectiveDate'],
  'move-out': ['movingTo', 'effectiveDate'],
  death: ['effectiveDate'],
  emigration: ['effectiveDate'],
};

/** A life event for the open resident: the fields each kind needs, one primary action. */
export function LifeEventForm(props: {
  municipality: string;
  residentId: string;
  onFiled: () => Promise<void>;
}) {
  const t = useCardText();
  const id = useId();
  const [kind, setKind] = useState<Kind>('move-within');
  const [values, setValues] = useState<Record<string, string>>({});
  const notice = useNotice();
  const labels: Record<string, string> = {
    address: t.address,
    effectiveDate: t.effectiveDate,
    familyName: t.familyName,
    givenName: t.givenName,
    familyNameKana: t.familyKana,
    givenNameKana: t.givenKana,
    movingTo: t.movingTo,
  };
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: Record<string, string> = { kind, residentId: props.residentId };
    for (const f of FIELDS[kind]) body[f] = values[f] ?? '';
    try {
      await api('POST', `/api/registry/municipalities/${props.municipality}/filings`, body, {
        'idempotency-key': idempotencyKey(),
      });
      notice.show('status', t.filed);
      setValues({});
      await props.onFiled();
    } catch (err) {
      const extra = (err as { extra?: { field?: string; reason?: string } }).extra;
      notice.show(
        'error',
        `${t.genericError}${extra?.field ? ` (${extra.field}: ${extra.reason ?? ''})` : ''}`,
      );
    }
  }
  return (
    <section className="mt-8 rounded-8 border border-solid-gray-420 p-6">
      <h3 className="text-std-18B-160">{t.eventsTitle}</h3>
      {notice.view}
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
        <div>
          <label htmlFor={`${id}-kind`} className="block text-std-16B-170">
            {t.eventKind}
          </label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            className={inputClass}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t.eventKinds[k]}
              </option>
            ))}
          </select>
        </div>
        {FIELDS[kind].map((f) => (
          <div key={f}>
            <label htmlFor={`${id}-${f}`} className="block text-std-16B-170">
              {labels[f]} <span className="text-error-2">（{t.required}）</span>
            </label>
            <input
              id={`${id}-${f}`}
              name={`event-${f}`}
              type={f === 'effectiveDate' ? 'date' : 'text'}
              value={values[f] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
              className={inputClass}
            />
          </div>
        ))}
        <button type="submit" className={primaryClass}>
          {t.fileBirth}
        </button>
      </form>
    </section>
  );
}

/**
 * PIN reset at the counter: the holder brings the card (file), the clerk has verified
 * identity, the platform signs an authorisation, the chip takes the new PIN the holder
 * types, and the holder takes the card file back.
 */
export function PinResetForm({ cardId }: { cardId: string }) {
  const t = useCardText();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'authentication' | 'signature' | 'faceAssist'>('authentication');
  const [pin, setPin] = useState('');
  const notice = useNotice();
  const [download, setDownload] = useState<string | null>(null);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDownload(null);
    try {
      if (!file) throw { code: 'CARD_FILE_INVALID' };
      const store = await MemoryChipStore.fromCardFile(parseCardFile(JSON.parse(await file.text())));
      const reset = await api<PinReset>('POST', `/api/cards/${cardId}/pin-reset`, { kind });
      await new Chip(store).resetPin(reset, pin, new Date());
      const blob = new Blob([JSON.stringify(await store.toCardFile(), null, 2)], {
        type: 'application/json',
      });
      setDownload(URL.createObjectURL(blob));
      notice.show('status', t.resetDone);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      notice.show('error', code === 'CARD_PIN_FORMAT' ? t.pinRules : (t.errors[code] ?? t.genericError));
    }
    setPin('');
  }
  return (
    <section className="mt-6">
      <h4 className="text-std-16B-170">{t.pinResetTitle}</h4>
      {notice.view}
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
        <div>
          <label htmlFor={`${id}-file`} className="block text-std-16B-170">
            {t.pinResetFile}
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="mt-2 block min-h-11 text-std-16N-170"
          />
        </div>
        <div>
          <label htmlFor={`${id}-kind`} className="block text-std-16B-170">
            {t.pinResetKind}
          </label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
            className={inputClass}
          >
            {(['authentication', 'signature', 'faceAssist'] as const).map((k) => (
              <option key={k} value={k}>
                {t.pinKinds[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-pin`} className="block text-std-16B-170">
            {t.newPin}
          </label>
          <input
            id={`${id}-pin`}
            type="password"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            className={inputClass}
          />
        </div>
        <button type="submit" className={primaryClass}>
          {t.resetButton}
        </button>
        {download && (
          <a
            href={download}
            download={`card-${cardId}.json`}
            className={`ml-4 inline-flex items-center ${primaryClass}`}
            data-testid="reset-download"
          >
            {t.download}
          </a>
        )}
      </form>
    </section>
  );
}
