/**
 * Readable labels for the fields of the data standard layouts, and the categories of seed
 * 003's self-information table, in Japanese and English. One table for the page, the JSON
 * export and the PDF.
 */
export const CATEGORIES: Readonly<Record<string, { ja: string; en: string }>> = {
  '1': { ja: '住民基本台帳関係', en: 'Resident register' },
  '2': { ja: '地方税関係', en: 'Local tax' },
  '3': { ja: '健康・医療関係', en: 'Health and medical care' },
  '4': { ja: '子ども・子育て関係', en: 'Children and child-rearing' },
  '5': { ja: '福祉・介護関係', en: 'Welfare and long-term care' },
  '6': { ja: '雇用・労働関係', en: 'Employment' },
  '7': { ja: '年金関係', en: 'Pensions' },
};

export const FIELD_LABELS: Readonly<Record<string, { ja: string; en: string }>> = {
  municipalityCode: { ja: '市区町村コード', en: 'Municipality code' },
  relationship: { ja: '続柄', en: 'Relationship to the head' },
  householdSize: { ja: '世帯の人数', en: 'People in the household' },
  movedInOn: { ja: '転入日', en: 'Moved in on' },
  members: { ja: '世帯の構成', en: 'Household members' },
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  totalIncome: { ja: '総所得金額', en: 'Total income' },
  taxableIncome: { ja: '課税標準額', en: 'Taxable income' },
  municipalTax: { ja: '市町村民税額', en: 'Municipal tax' },
  prefecturalTax: { ja: '道府県民税額', en: 'Prefectural tax' },
  forestEnvironmentTax: { ja: '森林環境税額', en: 'Forest environment tax' },
  dependents: { ja: '扶養人数', en: 'Dependants' },
  exempt: { ja: '非課税', en: 'Exempt' },
  insurerNumber: { ja: '保険者番号', en: 'Insurer number' },
  scheme: { ja: '制度', en: 'Scheme' },
  qualifiedOn: { ja: '資格取得日', en: 'Qualified on' },
  dependent: { ja: '被扶養者', en: 'Dependant' },
  vaccine: { ja: 'ワクチンの種類', en: 'Vaccine' },
  dose: { ja: '接種回数', en: 'Dose' },
  givenOn: { ja: '接種日', en: 'Given on' },
  children: { ja: '対象の児童数', en: 'Children' },
  monthlyAmount: { ja: '月額', en: 'Monthly amount' },
  since: { ja: '開始日', en: 'Since' },
  incomeLimited: { ja: '所得制限の適用', en: 'Income limit applied' },
  receiving: { ja: '受給中', en: 'Receiving' },
  certificate: { ja: '手帳の種類', en: 'Certificate' },
  grade: { ja: '等級', en: 'Grade' },
  issuedOn: { ja: '交付日', en: 'Issued on' },
  kinds: { ja: '扶助の種類', en: 'Kinds of assistance' },
  insuredNumber: { ja: '被保険者番号', en: 'Insured number' },
  careLevel: { ja: '要介護度', en: 'Care level' },
  premiumStage: { ja: '保険料段階', en: 'Premium stage' },
  insured: { ja: '被保険者', en: 'Insured' },
  lostOn: { ja: '資格喪失日', en: 'Lost on' },
  receivingBenefit: { ja: '基本手当の受給', en: 'Receiving benefit' },
  kind: { ja: '年金の種類', en: 'Kind of pension' },
  annualAmount: { ja: '年額', en: 'Annual amount' },
  enrolledOn: { ja: '加入日', en: 'Enrolled on' },
  exemption: { ja: '免除・猶予', en: 'Exemption' },
};

/** Fields that are sums of money (shown with 円). */
export const YEN_FIELDS = new Set([
  'totalIncome',
  'taxableIncome',
  'municipalTax',
  'prefecturalTax',
  'forestEnvironmentTax',
  'monthlyAmount',
  'annualAmount',
]);
