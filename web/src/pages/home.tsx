import { Link } from 'react-router';
import { usePageTitle } from '../app.tsx';
import { useLanguage } from '../i18n.tsx';

export function HomePage() {
  const { t } = useLanguage();
  usePageTitle(t.homeTitle);
  const card = 'block rounded-16 border border-solid-gray-420 p-6 hover:bg-key-50 min-h-11';
  return (
    <>
      <h1 className="text-std-32B-150 text-solid-gray-900">{t.homeTitle}</h1>
      <p className="mt-4 max-w-3xl text-std-17N-170">{t.homeLead}</p>

      <h2 className="mt-10 text-std-24B-150">{t.homeAvailable}</h2>
      <ul className="mt-4 grid gap-4 md:grid-cols-2">
        <li>
          <Link to="/numbers/check" className={card}>
            <span className="text-std-20B-150 text-key-900 underline underline-offset-4">
              {t.homeNumberCheckTitle}
            </span>
            <span className="mt-2 block text-std-16N-170">{t.homeNumberCheckBody}</span>
          </Link>
        </li>
        <li>
          <a href="/docs" className={card}>
            <span className="text-std-20B-150 text-key-900 underline underline-offset-4">
              {t.homeApiTitle}
            </span>
            <span className="mt-2 block text-std-16N-170">{t.homeApiBody}</span>
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
