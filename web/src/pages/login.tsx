import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Chip } from '../../../src/card/chip.ts';
import { answerChallenge } from '../../../src/login/client.ts';
import { api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { BrowserChipStore, keepCardFile, keptCards } from '../card/browser-store.ts';
import { counterMunicipality, type Session, useSession } from '../card/session.tsx';
import { useCardText } from '../card/text.ts';
import { Notice } from '../notice.tsx';

/** Log in with a card: pick a kept card or load a card file, enter the PIN; the chip signs the challenge. */
export function LoginPage() {
  const t = useCardText();
  usePageTitle(t.loginTitle);
  const id = useId();
  const navigate = useNavigate();
  const { opened } = useSession();
  const [cards, setCards] = useState<Array<{ id: string; label: string }>>([]);
  const [chosen, setChosen] = useState<string>('');
  const [pin, setPin] = useState('');
  const [problems, setProblems] = useState<Array<{ field: string; text: string }>>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    keptCards()
      .then((list) => {
        setCards(list);
        if (list.length > 0) setChosen((c) => c || list[list.length - 1]!.id);
      })
      .catch(() => setCards([]));
  }, []);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setFailure(null);
    try {
      const kept = await keepCardFile(await file.text(), file.name);
      const list = await keptCards();
      setCards(list);
      setChosen(kept);
    } catch {
      setFailure(t.errors.CARD_FILE_INVALID!);
      queueMicrotask(() => failureRef.current?.focus());
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found: Array<{ field: string; text: string }> = [];
    if (!chosen) found.push({ field: `${id}-file`, text: t.errorNoCard });
    if (!/^\d{4}$/.test(pin)) found.push({ field: `${id}-pin`, text: t.errorPinFormat });
    setProblems(found);
    setFailure(null);
    if (found.length > 0) {
      queueMicrotask(() => summaryRef.current?.focus());
      return;
    }
    try {
      const challenge = await api<{ nonce: string; origin: string }>('POST', '/api/login/challenge');
      const chip = new Chip(new BrowserChipStore(chosen));
      const answer = await answerChallenge(chip, pin, challenge);
      const result = await api<{ csrfToken: string; session: Session }>('POST', '/api/login', answer);
      opened(result);
      navigate(counterMunicipality(result.session) ? '/counter' : '/portal');
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const extra = (err as { extra?: { triesLeft?: number } }).extra;
      setFailure(
        code === 'CARD_PIN_WRONG' ? t.triesLeft(extra?.triesLeft ?? 0) : (t.errors[code] ?? t.genericError),
      );
      setPin('');
      queueMicrotask(() => failureRef.current?.focus());
    }
  }

  const errorOf = (field: string) => problems.find((p) => p.field === field)?.text;
  return (
    <>
      <h1 className="text-std-32B-150">{t.loginTitle}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.loginLead}</p>
      {problems.length > 0 && (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          className="mt-6 rounded-8 border-2 border-error-1 bg-red-50 p-4"
        >
          <h2 className="text-std-18B-160 text-error-2">{t.errorSummaryTitle}</h2>
          <ul className="mt-2 list-disc pl-6">
            {problems.map((p) => (
              <li key={p.field}>
                <a href={`#${p.field}`} className="text-std-16N-170 text-error-2 underline">
                  {p.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {failure && (
        <Notice kind="error" ref={failureRef} testId="login-failure">
          {failure}
        </Notice>
      )}
      <form noValidate onSubmit={onSubmit} className="mt-8 max-w-xl space-y-8">
        <fieldset>
          <legend className="text-std-18B-160">{t.keptLegend}</legend>
          {cards.length === 0 ? (
            <p className="mt-2 text-std-16N-170 text-solid-gray-800">{t.noKept}</p>
          ) : (
            <div className="mt-2 space-y-2">
              {cards.map((c) => (
                <label key={c.id} className="flex min-h-11 items-center gap-3 text-std-16N-170">
                  <input
                    type="radio"
                    name="card"
                    value={c.id}
                    checked={chosen === c.id}
                    onChange={() => setChosen(c.id)}
                    className="size-6"
                  />
                  {c.label}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <div>
          <label htmlFor={`${id}-file`} className="block text-std-18B-160">
            {t.fileLabel}
          </label>
          <p className="text-std-16N-170 text-solid-gray-800">{t.fileHint}</p>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            onChange={(e) => void onFile(e.target.files?.[0])}
            className="mt-2 block min-h-11 text-std-16N-170"
          />
        </div>
        <div>
          <label htmlFor={`${id}-pin`} className="block text-std-18B-160">
            {t.pinLabel} <span className="text-std-16N-170 text-error-2">（{t.required}）</span>
          </label>
          <p id={`${id}-pin-hint`} className="text-std-16N-170 text-solid-gray-800">
            {t.pinHint}
          </p>
          {errorOf(`${id}-pin`) && <p className="text-std-16N-170 text-error-2">{errorOf(`${id}-pin`)}</p>}
          <input
            id={`${id}-pin`}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            aria-describedby={`${id}-pin-hint`}
            aria-invalid={errorOf(`${id}-pin`) ? true : undefined}
            className="mt-2 block min-h-11 w-40 rounded-8 border border-solid-gray-600 px-4 text-std-16N-170"
          />
        </div>
        <button
          type="submit"
          className="min-h-11 rounded-8 bg-key-900 px-6 text-std-16B-170 text-white hover:bg-key-1000"
        >
          {t.loginSubmit}
        </button>
      </form>
    </>
  );
}
