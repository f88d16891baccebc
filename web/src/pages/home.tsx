import { Link } from 'react-router';
import { usePageTitle } from '../app.tsx';
import { useLanguage } from '../i18n.tsx';

const CARD = 'block min-h-11 rounded-16 border border-solid-gray-420 p-6 hover:bg-key-50';

function CardBody({ title, body }: { title: string; body: string }) {
  return (
    <>
      <span className="text-std-20B-150 text-key-900 underline underline-offset-4">{title}</span>
      <span className="mt-2 block text-std-16N-170">{body}</span>
    </>
  );
}

export function HomePage() {
  const { t } = useLanguage();
  usePageTitle(t.homeTitle);
  return (
    <>
      <h1 className="text-std-32B-150 text-solid-gray-900">{t.homeTitle}</h1>
      <p className="mt-4 max-w-3xl text-std-17N-170">{t.homeLead}</p>

      <h2 className="mt-10 text-std-24B-150">{t.homeAvailable}</h2>
      <ul className="mt-4 grid gap-4 md:grid-cols-2">
        <li>
          <Link to="/numbers/check" className={CARD}>
            <CardBody title={t.homeNumberCheckTitle} body={t.homeNumberCheckBody} />
          </Link>
        </li>
        <li>
          {/* The API documentation is served by the server, outside the client router. */}
          <a href="/docs" className={CARD}>
            <CardBody title={t.homeApiTitle} body={t.homeApiBody} />
          </a>
        </li>
      </ul>

      <h2 className="mt-10 text-std-24B-150">{t.homeComing}</h2>
      <ul className="mt-4 list-disc space-y-1 pl-6 text-std-16N-170">
        {t.homeComingItems.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}
