import { useLanguage } from '../i18n.tsx';

/** Words for the institution operators' network console, Japanese first. */
const ja = {
  nav: '情報連携',
  title: '情報連携（情報照会）',
  lead: '事務の手続に必要な特定個人情報を、情報提供ネットワークシステムを通じて他の機関に照会します。照会と提供はすべて記録され、本人がマイナポータルで確認できます。',
  institution: '照会する機関',
  procedure: '事務',
  step: '事務手続',
  item: '特定個人情報',
  provider: '情報提供者',
  person: '対象者の個人番号（12桁）',
  personHint: '機関内で団体内統合宛名番号に変換して照会します。個人番号はネットワークに送られません。',
  fiscalYear: '年度',
  periodFrom: '対象期間（から・任意）',
  periodTo: '対象期間（まで・任意）',
  periodHint: '期間を指定すると、その間に有効だった情報をすべて（履歴を含めて）受け取ります。',
  versionsTitle: '期間内に有効だった情報',
  validity: (from: string, to: string | null) => `${from} 〜 ${to ?? '現在'}`,
  submit: '照会する',
  resultTitle: '照会結果',
  outcome: { provided: '提供あり', 'not-disclosed': '不開示', refused: '照会不可' } as Record<string, string>,
  notFound: '提供者に該当する情報がありませんでした。',
  processingNumber: '処理番号',
  recordsTitle: 'この機関の記録（新しい順）',
  recordsEmpty: '記録はまだありません。',
  columns: ['日時', '区分', '相手機関', '事務・事務手続', '特定個人情報', '結果'],
  roles: { request: '照会', provision: '提供' } as Record<string, string>,
  noRole: 'この画面は、機関の職員（情報連携の権限）がマイナンバーカードでログインして使います。',
  login: 'ログイン',
  errors: {
    LINKAGE_NOT_PERMITTED: '情報提供の許可表で認められていない照会です（記録されました）。',
    LINKAGE_ADDRESSEE_UNKNOWN: 'この機関の宛名に登録されていない方です。',
    LINKAGE_SUBJECT_UNKNOWN: 'この機関の符号ではありません。',
    LINKAGE_PROVIDER_UNAVAILABLE: '情報提供者が応答しませんでした（記録されました）。',
    LINKAGE_INSTITUTION_SUSPENDED: '接続が停止されている機関です。',
    LINKAGE_CONDITION_INVALID:
      '照会条件（年度・対象期間）を確認してください。期間の終わりは始まり以降の日付にします。',
    REQUEST_INVALID: '入力内容を確認してください。',
    AUTH_FORBIDDEN: 'この機関として照会する権限がありません。',
  } as Record<string, string>,
  genericError: '処理できませんでした。時間をおいてもう一度お試しください。',
};

export type LinkageText = typeof ja;

const en: LinkageText = {
  nav: 'Data exchange',
  title: 'Data exchange (queries)',
  lead: 'Ask other institutions, through the information provision network, for the specific personal information a procedure needs. Every query and provision is recorded, and the person can see it on the Myna Portal.',
  institution: 'Asking as',
  procedure: 'Procedure',
  step: 'Procedure step',
  item: 'Information item',
  provider: 'Provider',
  person: "Person's Individual Number (12 digits)",
  personHint: 'Turned into your institution’s own code here; the number is never sent on the network.',
  fiscalYear: 'Fiscal year',
  periodFrom: 'Period from (optional)',
  periodTo: 'Period to (optional)',
  periodHint: 'With a period, you receive everything that held during it, earlier versions included.',
  versionsTitle: 'What held during the period',
  validity: (from, to) => `${from} – ${to ?? 'now'}`,
  submit: 'Send query',
  resultTitle: 'Result',
  outcome: { provided: 'Provided', 'not-disclosed': 'Not disclosed', refused: 'Refused' },
  notFound: 'The provider holds no such information for this person.',
  processingNumber: 'Processing number',
  recordsTitle: 'This institution’s records (newest first)',
  recordsEmpty: 'No records yet.',
  columns: ['Time', 'Kind', 'Other institution', 'Procedure and step', 'Item', 'Outcome'],
  roles: { request: 'Query', provision: 'Provision' },
  noRole:
    'Institution staff with the data-exchange role use this page after logging in with their My Number Card.',
  login: 'Log in',
  errors: {
    LINKAGE_NOT_PERMITTED: 'The permission table does not allow this query (it was recorded).',
    LINKAGE_ADDRESSEE_UNKNOWN: 'This person is not on your institution’s addressee map.',
    LINKAGE_SUBJECT_UNKNOWN: 'That is not your institution’s code for anyone.',
    LINKAGE_PROVIDER_UNAVAILABLE: 'The provider did not answer (it was recorded).',
    LINKAGE_INSTITUTION_SUSPENDED: 'This institution is suspended from the network.',
    LINKAGE_CONDITION_INVALID:
      'Please check the conditions (fiscal year, period): the period must not end before it starts.',
    REQUEST_INVALID: 'Please check what you entered.',
    AUTH_FORBIDDEN: 'You may not query as this institution.',
  },
  genericError: 'This could not be done. Please try again later.',
};

export function useLinkageText(): LinkageText {
  return useLanguage().lang === 'ja' ? ja : en;
}
