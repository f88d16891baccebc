import { Link } from 'react-router';
import { usePageTitle } from '../app.tsx';
import { useLanguage } from '../i18n.tsx';

export function NotFoundPage() {
  const { t } = useLanguage();
  usePageTitle(t.notFoundTitle);
  return (
    <>
      <h1 className="text-std-32B-150">{t.notFoundTitle}</h1>
      <p className="mt-4 text-std-16N-170">{t.notFoundBody}</p>
      <p className="mt-6">
        <Link to="/" className="text-std-16N-170 text-key-900 underline underline-offset-4">
          {t.backHome}
        </Link>
      </p>
    </>
  );
}
