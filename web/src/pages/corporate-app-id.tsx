import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../api.ts';
import { usePageTitle } from '../app.tsx';
import { useSession } from '../card/session.tsx';
import { useCorporateText } from '../corporate/text.ts';
import { Notice, useNotice } from '../notice.tsx';
import { inputClass, primaryClass } from './counter-forms.tsx';

/** Self-service application ids for the Web-API, for anyone logged in with a card. */
export function CorporateAppIdPage() {
  const t = useCorporateText();
  usePageTitle(t.appIdTitle);
  const id = useId();
  const { session } = useSession();
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [issued, setIssued] = useState<string | null>(null);
  const notice = useNotice();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (name.trim() === '') {
      notice.show('error', t.emptyAppName);
      return;
    }
    try {
      const r = await api<{ id: string }>('POST', '/api/corporate/applications', {
        name: name.trim(),
        contact,
      });
      setIssued(r.id);
      notice.show('status', t.issued);
    } catch (err) {
      notice.show('error', err instanceof ApiError ? (t.errors[err.code] ?? t.genericError) : t.genericError);
    }
  }

  return (
    <>
      <h1 className="text-std-32B-150">{t.appIdTitle}</h1>
      <p className="mt-4 max-w-3xl text-std-16N-170">{t.appIdLead}</p>
      {!session ? (
        <Notice kind="status">
          {t.appIdLogin}{' '}
          <Link to="/login" className="underline underline-offset-4">
            {t.login}
          </Link>
        </Notice>
      ) : (
        <form noValidate onSubmit={onSubmit} className="mt-8 max-w-2xl space-y-6">
          <div>
            <label htmlFor={`${id}-name`} className="flex items-center gap-2 text-std-17B-170">
              {t.appName}
              <span className="rounded-4 bg-error-2 px-2 text-dns-14B-120 text-white">{t.required}</span>
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor={`${id}-contact`} className="text-std-17B-170">
              {t.contact}
            </label>
            <input
              id={`${id}-contact`}
              value={contact}
              onChange={(e) => setContact(e.target.value)}
              maxLength={200}
              autoComplete="email"
              className={inputClass}
            />
          </div>
          <button type="submit" className={primaryClass}>
            {t.issue}
          </button>
        </form>
      )}
      {notice.view}
      {issued && (
        <div className="mt-4 space-y-2">
          <p data-testid="application-id" className="font-mono text-std-24B-150">
            {issued}
          </p>
          <p>
            <a
              href={`/4/num?id=${issued}&number=7000012050002&type=12`}
              className="text-key-900 underline underline-offset-4"
            >
              {t.example}: /4/num?number=7000012050002&amp;type=12
            </a>
          </p>
        </div>
      )}
    </>
  );
}
