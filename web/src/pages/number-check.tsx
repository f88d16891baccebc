import { type FormEvent, useId, useRef, useState } from 'react';
import { usePageTitle } from '../app.tsx';
import { useLanguage } from '../i18n.tsx';

type Kind = 'auto' | 'individual' | 'corporate' | 'local-government';

interface Validation {
  kind: string | null;
  valid: boolean;
  normalized: string;
  formatted: string | null;
  error: { code: string; message: string } | null;
}

type Outcome = { type: 'result'; value: Validation } | { type: 'error'; code: string } | null;

export function NumberCheckPage() {
  const { t } = useLanguage();
  usePageTitle(t.checkTitle);
  const id = useId();
  const fieldId = `${id}-number`;
  const [value, setValue] = useState('');
  const [kind, setKind] = useState<Kind>('auto');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // Buttons are never disabled: the form is checked when it is sent.
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (value.trim() === '') {
      setFieldError(t.errorEmptyField);
      setOutcome(null);
      queueMicrotask(() => summaryRef.current?.focus());
      return;
    }
    setFieldError(null);
    try {
      const res = await fetch('/api/numbers/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(kind === 'auto' ? { value } : { value, kind }),
      });
      const body = await res.json();
      setOutcome(
        res.ok
          ? { type: 'result', value: body as Validation }
          : { type: 'error', code: body?.error?.code ?? '' },
      );
    } catch {
      setOutcome({ type: 'error', code: 'NETWORK' });
    }
    queueMicrotask(() => resultRef.current?.focus());
  }

  const kinds: Array<[Kind, string]> = [
    ['auto', t.kindAuto],
    ['individual', t.kindIndividual],
    ['corporate', t.kindCorporate],
    ['local-government', t.kindLocal],
  ];
  const reason = (code: string) => t.errors[code] ?? t.networkError;

  return (
    <>
      <h1 className="text-std-32B-150">{t.checkTitle}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.checkLead}</p>

      {fieldError && (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          className="mt-6 rounded-8 border-2 border-error-1 bg-red-50 p-4"
          aria-labelledby={`${id}-summary`}
        >
          <h2 id={`${id}-summary`} className="text-std-18B-160 text-error-2">
            {t.errorSummaryTitle}
          </h2>
          <ul className="mt-2 list-disc pl-6">
            <li>
              <a href={`#${fieldId}`} className="text-std-16N-170 text-error-2 underline underline-offset-4">
                {fieldError}
              </a>
            </li>
          </ul>
        </div>
      )}

      <form noValidate onSubmit={onSubmit} className="mt-8 max-w-2xl space-y-8">
        <div>
          <label htmlFor={fieldId} className="flex items-center gap-2 text-std-17B-170">
            {t.numberLabel}
            <span className="rounded-4 bg-error-2 px-2 text-dns-14B-120 text-white">{t.required}</span>
          </label>
          <p id={`${fieldId}-hint`} className="mt-1 text-std-16N-170 text-solid-gray-700">
            {t.numberHint}
          </p>
          {fieldError && (
            <p id={`${fieldId}-error`} className="mt-1 text-std-16B-170 text-error-2">
              {fieldError}
            </p>
          )}
          <input
            id={fieldId}
            name="number"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={`${fieldId}-hint${fieldError ? ` ${fieldId}-error` : ''}`}
            className={`mt-2 block min-h-14 w-full rounded-8 border bg-white px-4 text-std-18N-160 ${
              fieldError ? 'border-2 border-error-1' : 'border-solid-gray-600'
            }`}
          />
        </div>

        <fieldset>
          <legend className="flex items-center gap-2 text-std-17B-170">
            {t.kindLegend}
            <span className="rounded-4 border border-solid-gray-600 px-2 text-dns-14B-120">{t.optional}</span>
          </legend>
          <div className="mt-2 space-y-1">
            {kinds.map(([k, label]) => (
              <label key={k} className="flex min-h-11 cursor-pointer items-center gap-3 text-std-16N-170">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                  className="size-6 accent-key-900"
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>

        <button
          type="submit"
          className="min-h-14 rounded-8 bg-key-900 px-8 text-std-16B-170 text-white hover:bg-key-1000 hover:underline"
        >
          {t.submit}
        </button>
      </form>

      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="mt-8 max-w-2xl">
        {outcome?.type === 'result' && (
          <section
            data-testid="result"
            data-valid={outcome.value.valid}
            className={`rounded-8 border-2 p-6 ${
              outcome.value.valid ? 'border-success-1 bg-green-50' : 'border-error-1 bg-red-50'
            }`}
          >
            <h2 className={`text-std-20B-150 ${outcome.value.valid ? 'text-success-2' : 'text-error-2'}`}>
              {outcome.value.valid ? t.resultValid : t.resultInvalid}
            </h2>
            <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-std-16N-170">
              {outcome.value.kind && (
                <>
                  <dt className="font-bold">{t.resultKind}</dt>
                  <dd>{t.kindNames[outcome.value.kind]}</dd>
                </>
              )}
              {outcome.value.formatted && (
                <>
                  <dt className="font-bold">{t.resultFormatted}</dt>
                  <dd className="font-mono">{outcome.value.formatted}</dd>
                </>
              )}
              {outcome.value.error && (
                <>
                  <dt className="font-bold">{t.resultReason}</dt>
                  <dd data-testid="reason">{reason(outcome.value.error.code)}</dd>
                </>
              )}
            </dl>
            {outcome.value.kind === 'individual' && outcome.value.valid && (
              <p className="mt-4 text-std-16N-170 text-solid-gray-700">{t.maskedNote}</p>
            )}
          </section>
        )}
        {outcome?.type === 'error' && (
          <section
            data-testid="result"
            data-valid="false"
            className="rounded-8 border-2 border-error-1 bg-red-50 p-6"
          >
            <h2 className="text-std-20B-150 text-error-2">{t.resultInvalid}</h2>
            <p data-testid="reason" className="mt-2 text-std-16N-170">
              {reason(outcome.code)}
            </p>
          </section>
        )}
      </div>
    </>
  );
}
