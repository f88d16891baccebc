import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

/** Japanese first; English on request. The choice is remembered in this browser. */
export type Language = 'ja' | 'en';

const ja = {
  skip: '本文へ移動',
  siteName: 'Bango',
  siteTagline: 'マイナンバー制度のオープンソース実装',
  switchTo: 'English',
  switchLabel: 'Switch to English',
  navHome: 'ホーム',
  navNumberCheck: '番号チェック',
  navApiDocs: 'API ドキュメント',
  homeTitle: 'Bango へようこそ',
  homeLead:
    'Bango は、日本のマイナンバー制度（個人番号・法人番号、住民基本台帳、マイナンバーカードと公的個人認証、情報提供ネットワークシステム、マイナポータル）を丸ごと動かせるオープンソースの実装です。自治体や開発者が、読んで、動かして、変えられる基盤を目指しています。',
  homeAvailable: 'いま使えるもの',
  homeNumberCheckTitle: '番号チェック',
  homeNumberCheckBody: '個人番号・法人番号・地方公共団体コードの桁数とチェックデジットを確認します。',
  homeApiTitle: 'API ドキュメント',
  homeApiBody: 'OpenAPI で記述した API の一覧です。この画面から試せます。',
  homeComing: 'これから加わるもの',
  homeComingItems: [
    '住民基本台帳と個人番号の付番',
    'マイナンバーカードと電子証明書（署名用・利用者証明用）',
    '情報提供ネットワークシステムと情報提供等記録',
    'マイナポータル（わたしの情報・お知らせ・やりとり履歴・代理人）',
    '法人番号の公表と Web-API',
  ],
  checkTitle: '番号チェック',
  checkLead:
    '番号を入力すると、桁数とチェックデジットが正しいかを確認します。全角数字・空白・ハイフンが含まれていても構いません。入力した番号は保存されません。',
  required: '必須',
  optional: '任意',
  numberLabel: '番号',
  numberHint: '個人番号は12桁、法人番号は13桁、地方公共団体コードは6桁です。',
  kindLegend: '番号の種類',
  kindAuto: '桁数から自動で判定する',
  kindIndividual: '個人番号（マイナンバー）',
  kindCorporate: '法人番号',
  kindLocal: '地方公共団体コード',
  submit: '確認する',
  errorSummaryTitle: '入力内容を確認してください',
  errorEmptyField: '番号を入力してください。',
  resultValid: '正しい番号です',
  resultInvalid: '正しくない番号です',
  resultKind: '種類',
  resultNormalized: '入力から読み取った数字',
  resultFormatted: '表示形式',
  resultReason: '理由',
  maskedNote: '個人番号は、画面では下4桁以外を伏せて表示します。',
  networkError: '確認できませんでした。時間をおいてもう一度お試しください。',
  kindNames: {
    individual: '個人番号',
    corporate: '法人番号',
    'local-government': '地方公共団体コード',
  } as Record<string, string>,
  errors: {
    NUMBERS_EMPTY: '番号が入力されていません。',
    NUMBERS_NOT_DIGITS: '数字以外の文字が含まれています。数字だけを入力してください。',
    NUMBERS_LENGTH: '桁数が正しくありません。個人番号は12桁、法人番号は13桁、地方公共団体コードは6桁です。',
    NUMBERS_CHECK_DIGIT:
      'チェックデジット（検査用の数字）が一致しません。入力に誤りがないか確認してください。',
    NUMBERS_KIND_UNKNOWN: '桁数から番号の種類が判定できません。12桁・13桁・6桁のいずれかを入力してください。',
    REQUEST_INVALID: '入力が長すぎるか、形式が正しくありません。',
    REQUEST_RATE_LIMITED: '短い時間に多くの確認が行われました。しばらくしてからお試しください。',
  } as Record<string, string>,
  notFoundTitle: 'ページが見つかりません',
  notFoundBody: 'お探しのページは移動したか、存在しません。',
  backHome: 'ホームへ戻る',
  footer: 'Bango はオープンソースです。ここに表示される個人番号はすべて架空のものです。',
};

export type Messages = typeof ja;

const en: Messages = {
  skip: 'Skip to main content',
  siteName: 'Bango',
  siteTagline: "Japan's My Number system, as open source",
  switchTo: '日本語',
  switchLabel: '日本語に切り替える',
  navHome: 'Home',
  navNumberCheck: 'Number check',
  navApiDocs: 'API documentation',
  homeTitle: 'Welcome to Bango',
  homeLead:
    "Bango is an open-source implementation of Japan's whole My Number system: Individual and Corporate Numbers, the resident register, the My Number Card with its public certificates, the information provision network and the Myna Portal. It aims to be a platform that governments and developers can read, run and change.",
  homeAvailable: 'Available now',
  homeNumberCheckTitle: 'Number check',
  homeNumberCheckBody:
    'Checks the length and check digit of an Individual Number, Corporate Number or local government code.',
  homeApiTitle: 'API documentation',
  homeApiBody: 'Every API, described in OpenAPI. You can try them from the page.',
  homeComing: 'Coming next',
  homeComingItems: [
    'The resident register and issuance of Individual Numbers',
    'The My Number Card and its certificates (signature and user authentication)',
    'The information provision network and its provision records',
    'The Myna Portal (your information, notices, exchange history, proxies)',
    'Corporate number publication and the Web-API',
  ],
  checkTitle: 'Number check',
  checkLead:
    'Enter a number to check its length and check digit. Full-width digits, spaces and hyphens are fine. Nothing you enter is stored.',
  required: 'Required',
  optional: 'Optional',
  numberLabel: 'Number',
  numberHint: 'An Individual Number has 12 digits, a Corporate Number 13, a local government code 6.',
  kindLegend: 'Kind of number',
  kindAuto: 'Tell from the number of digits',
  kindIndividual: 'Individual Number (My Number)',
  kindCorporate: 'Corporate Number',
  kindLocal: 'Local government code',
  submit: 'Check',
  errorSummaryTitle: 'Please check what you entered',
  errorEmptyField: 'Enter a number.',
  resultValid: 'This number is valid',
  resultInvalid: 'This number is not valid',
  resultKind: 'Kind',
  resultNormalized: 'Digits read from your input',
  resultFormatted: 'Display form',
  resultReason: 'Reason',
  maskedNote: 'Individual Numbers are shown with all but the last 4 digits hidden.',
  networkError: 'The check could not be done. Please try again later.',
  kindNames: {
    individual: 'Individual Number',
    corporate: 'Corporate Number',
    'local-government': 'Local government code',
  },
  errors: {
    NUMBERS_EMPTY: 'No number was entered.',
    NUMBERS_NOT_DIGITS: 'It contains characters other than digits. Enter digits only.',
    NUMBERS_LENGTH:
      'It has the wrong number of digits. An Individual Number has 12, a Corporate Number 13, a local government code 6.',
    NUMBERS_CHECK_DIGIT: 'The check digit does not match. Please look for a typing mistake.',
    NUMBERS_KIND_UNKNOWN: 'The kind of number cannot be told from its length. Enter 12, 13 or 6 digits.',
    REQUEST_INVALID: 'The input is too long or not in a valid form.',
    REQUEST_RATE_LIMITED: 'Too many checks in a short time. Please wait a moment.',
  },
  notFoundTitle: 'Page not found',
  notFoundBody: 'The page you are looking for has moved or does not exist.',
  backHome: 'Back to the home page',
  footer: 'Bango is open source. Every Individual Number shown here is fictitious.',
};

export const MESSAGES: Record<Language, Messages> = { ja, en };

interface LanguageState {
  lang: Language;
  t: Messages;
  toggle(): void;
}

const LanguageContext = createContext<LanguageState | null>(null);

function initialLanguage(): Language {
  try {
    return localStorage.getItem('bango.lang') === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
    try {
      localStorage.setItem('bango.lang', lang);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  }, [lang]);
  const value: LanguageState = {
    lang,
    t: MESSAGES[lang],
    toggle: () => setLang((l) => (l === 'ja' ? 'en' : 'ja')),
  };
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const v = useContext(LanguageContext);
  if (!v) throw new Error('useLanguage outside LanguageProvider');
  return v;
}
