import type { InstitutionCode, ItemCode, ProcedureCode, StepCode } from './codes.ts';
import { nationalInstitution } from './codes.ts';
import type { PermissionRow } from './permissions.ts';

/**
 * What the network knows at first start: kinds of institution, the national bodies, the
 * specific personal information items with their data standard layouts, the procedures
 * and the permission table. Drawn from seed 001 (the documents each procedure no longer
 * needs, 2018) and seed 003 (the self-information item numbers, which our item codes
 * follow: item 2 local tax is TM00000000000002, item 4-1 child allowance TM00000000000401).
 * It is data: a new permission table version replaces the rows without a code change.
 */
export const INSTITUTION_KINDS = [
  'municipality',
  'prefecture',
  'pension-service',
  'scholarship',
  'employment-service',
  'health-insurer',
  'portal',
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export interface NationalBody {
  code: InstitutionCode;
  name: string;
  kind: InstitutionKind;
}

export const NATIONAL_BODIES: readonly NationalBody[] = [
  { code: nationalInstitution(1), name: '日本年金機構', kind: 'pension-service' },
  { code: nationalInstitution(2), name: '独立行政法人日本学生支援機構', kind: 'scholarship' },
  {
    code: nationalInstitution(3),
    name: '厚生労働省 公共職業安定所（ハローワーク）',
    kind: 'employment-service',
  },
  { code: nationalInstitution(4), name: '全国健康保険協会', kind: 'health-insurer' },
  // The Myna Portal asks the nodes on the person's own request (自己情報提供); it provides nothing.
  { code: nationalInstitution(5), name: 'マイナポータル（デジタル庁）', kind: 'portal' },
];

export type FieldType = 'string' | 'integer' | 'date' | 'boolean';

export interface LayoutField {
  name: string;
  type: FieldType;
  required: boolean;
  /** The field's validity (YYYY-MM-DD, both ends included): outside it a copy must not carry it. */
  from?: string;
  to?: string;
}

/**
 * データ標準レイアウト: one version of an item's schema. An item has one or more versions,
 * each in force from its date; a copy is checked against the version in force on the day
 * it is valid from (a fiscal year's copy: 1 April of that year) and keeps that version's
 * number, which its answers carry.
 */
export interface ItemLayout {
  code: ItemCode;
  name: string;
  /** Seed 003's self-information number (自己情報番号). */
  selfInfo: string;
  /** データセット番号: one data set per item here. */
  dataSet: number;
  version: number;
  /** The day this version comes into force (YYYY-MM-DD). */
  from: string;
  /** Does a copy hold one record per fiscal year (local tax) or one record at a time? */
  byFiscalYear: boolean;
  /** The field that says since when a copy holds (when the business system does not say). */
  since?: string;
  fields: readonly LayoutField[];
}

const f = (name: string, type: FieldType, required = true): LayoutField => ({ name, type, required });
const LOCAL_TAX_FIELDS: readonly LayoutField[] = [
  f('fiscalYear', 'integer'),
  f('municipalityCode', 'string'),
  f('totalIncome', 'integer'),
  f('taxableIncome', 'integer'),
  f('municipalTax', 'integer'),
  f('prefecturalTax', 'integer'),
  f('dependents', 'integer'),
  f('exempt', 'boolean'),
];

/** The first layouts came into force with the network's full operation (2017-11-13). */
const START = '2017-11-13';

function item(selfInfo: string): ItemCode {
  const [major, minor] = selfInfo.split('-');
  const digits = minor === undefined ? major!.padStart(2, '0') : `${major}${minor.padStart(2, '0')}`;
  return `TM${digits.padStart(14, '0')}` as ItemCode;
}

export const ITEMS = {
  household: item('1'),
  localTax: item('2'),
  healthInsurance: item('3-2'),
  vaccination: item('3-4'),
  childAllowance: item('4-1'),
  childRearingAllowance: item('4-2'),
  disabilityCertificate: item('5-4'),
  specialChildAllowance: item('5-7'),
  publicAssistance: item('5-9'),
  longTermCare: item('5-13'),
  employmentInsurance: item('6-1'),
  pensionBenefits: item('7-3'),
  pensionContributions: item('7-6'),
} as const;

export const LAYOUTS: readonly ItemLayout[] = [
  {
    code: ITEMS.household,
    name: '住民基本台帳関係情報（世帯情報）',
    selfInfo: '1',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'movedInOn',
    fields: [
      f('municipalityCode', 'string'),
      f('relationship', 'string'),
      f('householdSize', 'integer'),
      f('movedInOn', 'date', false),
      f('members', 'string'),
    ],
  },
  {
    code: ITEMS.localTax,
    name: '地方税関係情報（課税情報）',
    selfInfo: '2',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: true,
    fields: LOCAL_TAX_FIELDS,
  },
  {
    // 森林環境税 (1,000 yen a person a year) is levied with the resident tax from fiscal 2024.
    code: ITEMS.localTax,
    name: '地方税関係情報（課税情報）',
    selfInfo: '2',
    dataSet: 1,
    version: 2,
    from: '2024-04-01',
    byFiscalYear: true,
    fields: [...LOCAL_TAX_FIELDS, { ...f('forestEnvironmentTax', 'integer'), from: '2024-04-01' }],
  },
  {
    code: ITEMS.healthInsurance,
    name: '医療保険資格関係情報',
    selfInfo: '3-2',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'qualifiedOn',
    fields: [
      f('insurerNumber', 'string'),
      f('scheme', 'string'),
      f('qualifiedOn', 'date'),
      f('dependent', 'boolean'),
    ],
  },
  {
    code: ITEMS.vaccination,
    name: '予防接種関係情報',
    selfInfo: '3-4',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'givenOn',
    fields: [f('vaccine', 'string'), f('dose', 'integer'), f('givenOn', 'date')],
  },
  {
    code: ITEMS.childAllowance,
    name: '児童手当関係情報',
    selfInfo: '4-1',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'since',
    fields: [
      f('children', 'integer'),
      f('monthlyAmount', 'integer'),
      f('since', 'date'),
      // 所得制限: abolished when the allowance was widened in October 2024.
      { ...f('incomeLimited', 'boolean', false), to: '2024-09-30' },
    ],
  },
  {
    code: ITEMS.childAllowance,
    name: '児童手当関係情報',
    selfInfo: '4-1',
    dataSet: 1,
    version: 2,
    from: '2024-10-01',
    byFiscalYear: false,
    since: 'since',
    fields: [f('children', 'integer'), f('monthlyAmount', 'integer'), f('since', 'date')],
  },
  {
    code: ITEMS.childRearingAllowance,
    name: '児童扶養手当関係情報',
    selfInfo: '4-2',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'since',
    fields: [f('receiving', 'boolean'), f('monthlyAmount', 'integer', false), f('since', 'date', false)],
  },
  {
    code: ITEMS.disabilityCertificate,
    name: '障害者手帳関係情報',
    selfInfo: '5-4',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'issuedOn',
    fields: [f('certificate', 'string'), f('grade', 'string'), f('issuedOn', 'date')],
  },
  {
    code: ITEMS.specialChildAllowance,
    name: '特別児童扶養手当関係情報',
    selfInfo: '5-7',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    fields: [f('receiving', 'boolean'), f('grade', 'string', false)],
  },
  {
    code: ITEMS.publicAssistance,
    name: '生活保護関係情報',
    selfInfo: '5-9',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'since',
    fields: [f('receiving', 'boolean'), f('since', 'date', false), f('kinds', 'string', false)],
  },
  {
    code: ITEMS.longTermCare,
    name: '介護保険給付等関係情報',
    selfInfo: '5-13',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    fields: [f('insuredNumber', 'string'), f('careLevel', 'string', false), f('premiumStage', 'integer')],
  },
  {
    code: ITEMS.employmentInsurance,
    name: '雇用保険給付関係情報',
    selfInfo: '6-1',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    fields: [f('insured', 'boolean'), f('lostOn', 'date', false), f('receivingBenefit', 'boolean')],
  },
  {
    code: ITEMS.pensionBenefits,
    name: '年金給付関係情報',
    selfInfo: '7-3',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    fields: [f('receiving', 'boolean'), f('kind', 'string', false), f('annualAmount', 'integer', false)],
  },
  {
    code: ITEMS.pensionContributions,
    name: '年金加入・保険料関係情報',
    selfInfo: '7-6',
    dataSet: 1,
    version: 1,
    from: START,
    byFiscalYear: false,
    since: 'enrolledOn',
    fields: [f('scheme', 'string'), f('enrolledOn', 'date'), f('exemption', 'string', false)],
  },
];

/** 事務手続: a step of a procedure; a query names both, and the step must be the procedure's. */
export interface ProcedureStep {
  code: StepCode;
  name: string;
}

export interface Procedure {
  code: ProcedureCode;
  /** The first is the procedure's main step (a query that names none is taken as it). */
  steps: readonly ProcedureStep[];
  name: string;
  law: string;
  /** Who files it: the kinds of institution that run this procedure. */
  requesters: readonly InstitutionKind[];
  /** What it may ask, and from which kind of provider. */
  asks: ReadonlyArray<readonly [ItemCode, InstitutionKind]>;
}

const code = (n: number) => `JM${String(n).padStart(14, '0')}` as ProcedureCode;
const step = (n: number) => `JT${String(n).padStart(14, '0')}` as StepCode;

const LOCAL: InstitutionKind = 'municipality';
const PREF: InstitutionKind = 'prefecture';
const JPS: InstitutionKind = 'pension-service';
const HW: InstitutionKind = 'employment-service';
const I = ITEMS;

/** Seed 001's table of procedures and the documents each no longer needs, as exchanges. */
export const PROCEDURES: readonly Procedure[] = [
  {
    code: code(10),
    steps: [
      { code: step(1001), name: '認定請求' },
      { code: step(1002), name: '額改定の請求' },
    ],
    name: '児童手当の認定請求',
    law: '児童手当法',
    requesters: [LOCAL],
    asks: [
      [I.localTax, LOCAL],
      [I.household, LOCAL],
      [I.pensionContributions, JPS],
    ],
  },
  {
    code: code(20),
    steps: [
      { code: step(2001), name: '支給認定の申請' },
      { code: step(2002), name: '支給認定の変更の申請' },
    ],
    name: '保育の必要性の認定の申請',
    law: '子ども・子育て支援法',
    requesters: [LOCAL],
    asks: [
      [I.publicAssistance, LOCAL],
      [I.childRearingAllowance, LOCAL],
      [I.specialChildAllowance, LOCAL],
      [I.localTax, LOCAL],
      [I.disabilityCertificate, PREF],
      [I.disabilityCertificate, LOCAL],
    ],
  },
  {
    code: code(30),
    steps: [
      { code: step(3001), name: '貸与の申請' },
      { code: step(3002), name: '返還期限猶予の申請' },
    ],
    name: '奨学金の貸与の申請',
    law: '独立行政法人日本学生支援機構法',
    requesters: ['scholarship'],
    asks: [
      [I.publicAssistance, LOCAL],
      [I.employmentInsurance, HW],
      [I.disabilityCertificate, PREF],
      [I.localTax, LOCAL],
      [I.pensionBenefits, JPS],
    ],
  },
  {
    code: code(40),
    steps: [{ code: step(4001), name: '就学奨励費の支弁' }],
    name: '特別支援教育就学奨励費の支弁',
    law: '特別支援学校への就学奨励に関する法律',
    requesters: [PREF],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.publicAssistance, LOCAL],
    ],
  },
  {
    code: code(50),
    steps: [
      { code: step(5001), name: '認定請求' },
      { code: step(5002), name: '現況の届出' },
    ],
    name: '児童扶養手当の認定請求',
    law: '児童扶養手当法',
    requesters: [LOCAL, PREF],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.specialChildAllowance, LOCAL],
      [I.disabilityCertificate, PREF],
      [I.pensionBenefits, JPS],
    ],
  },
  {
    code: code(60),
    steps: [
      { code: step(6001), name: '保護の開始の申請' },
      { code: step(6002), name: '保護の変更の申請' },
    ],
    name: '生活保護の開始の申請',
    law: '生活保護法',
    requesters: [LOCAL, PREF],
    asks: [
      [I.localTax, LOCAL],
      [I.employmentInsurance, HW],
      [I.childRearingAllowance, LOCAL],
      [I.specialChildAllowance, LOCAL],
      [I.pensionBenefits, JPS],
    ],
  },
  {
    code: code(70),
    steps: [
      { code: step(7001), name: '認定請求' },
      { code: step(7002), name: '所得状況の届出' },
    ],
    name: '特別児童扶養手当の認定請求',
    law: '特別児童扶養手当等の支給に関する法律',
    requesters: [LOCAL, PREF],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
    ],
  },
  {
    code: code(80),
    steps: [
      { code: step(8001), name: '支給申請' },
      { code: step(8002), name: '支給決定の変更の申請' },
    ],
    name: '障害福祉サービスの支給申請',
    law: '障害者総合支援法',
    requesters: [LOCAL],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.publicAssistance, LOCAL],
      [I.disabilityCertificate, PREF],
    ],
  },
  {
    code: code(90),
    steps: [{ code: step(9001), name: '支給認定の申請' }],
    name: '自立支援医療費の支給認定の申請',
    law: '障害者総合支援法',
    requesters: [LOCAL, PREF],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.publicAssistance, LOCAL],
      [I.specialChildAllowance, LOCAL],
      [I.disabilityCertificate, PREF],
      [I.pensionBenefits, JPS],
    ],
  },
  {
    code: code(100),
    steps: [{ code: step(10001), name: '支給申請' }],
    name: '介護休業給付金の支給申請',
    law: '雇用保険法',
    requesters: [HW],
    asks: [[I.household, LOCAL]],
  },
  {
    code: code(110),
    steps: [{ code: step(11001), name: '減免の申請' }],
    name: '介護保険料の減免の申請',
    law: '介護保険法',
    requesters: [LOCAL],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.publicAssistance, LOCAL],
      [I.longTermCare, LOCAL],
    ],
  },
  {
    code: code(120),
    steps: [{ code: step(12001), name: '支給申請' }],
    name: '出産育児一時金の支給申請',
    law: '健康保険法',
    requesters: ['health-insurer'],
    asks: [[I.household, LOCAL]],
  },
  {
    code: code(130),
    steps: [
      { code: step(13001), name: '入居の申込み' },
      { code: step(13002), name: '収入の申告' },
    ],
    name: '公営住宅の入居の申込み',
    law: '公営住宅法',
    requesters: [LOCAL, PREF],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.publicAssistance, LOCAL],
      [I.disabilityCertificate, PREF],
    ],
  },
  {
    code: code(140),
    steps: [{ code: step(14001), name: '免除・納付猶予の申請' }],
    name: '国民年金保険料の免除・納付猶予の申請',
    law: '国民年金法',
    requesters: [JPS],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.employmentInsurance, HW],
    ],
  },
  {
    code: code(150),
    steps: [{ code: step(15001), name: '学生納付特例の申請' }],
    name: '国民年金保険料の学生納付特例の申請',
    law: '国民年金法',
    requesters: [JPS],
    asks: [
      [I.localTax, LOCAL],
      [I.employmentInsurance, HW],
    ],
  },
  {
    code: code(160),
    steps: [{ code: step(16001), name: '裁定請求' }],
    name: '年金の裁定請求',
    law: '厚生年金保険法・国民年金法',
    requesters: [JPS],
    asks: [
      [I.household, LOCAL],
      [I.localTax, LOCAL],
      [I.employmentInsurance, HW],
    ],
  },
  {
    code: code(170),
    steps: [
      { code: step(17001), name: '資格の取得の届出' },
      { code: step(17002), name: '保険料の賦課' },
    ],
    name: '国民健康保険の資格・保険料に関する事務',
    law: '国民健康保険法',
    requesters: [LOCAL],
    asks: [
      [I.healthInsurance, 'health-insurer'],
      [I.localTax, LOCAL],
      [I.household, LOCAL],
    ],
  },
  {
    code: code(180),
    steps: [{ code: step(18001), name: '賦課' }],
    name: '地方税の賦課徴収に関する事務',
    law: '地方税法',
    requesters: [LOCAL],
    asks: [
      [I.pensionBenefits, JPS],
      [I.localTax, LOCAL],
    ],
  },
];

/**
 * 自己情報提供: the person asks, through the Myna Portal, for what institutions hold about
 * them. Not a procedure of seed 001 but one row per item and the kinds of institution that
 * keep it (seed 003's table), so the portal may ask any of them and nothing else may.
 */
export const SELF_INFORMATION: Procedure = {
  code: code(900),
  steps: [{ code: step(900001), name: '自己情報の提供' }],
  name: '自己情報提供（マイナポータル）',
  law: '番号法（情報提供等記録開示システム）',
  requesters: ['portal'],
  asks: [
    [I.household, LOCAL],
    [I.localTax, LOCAL],
    [I.healthInsurance, 'health-insurer'],
    [I.vaccination, LOCAL],
    [I.childAllowance, LOCAL],
    [I.childRearingAllowance, LOCAL],
    [I.childRearingAllowance, PREF],
    [I.disabilityCertificate, LOCAL],
    [I.disabilityCertificate, PREF],
    [I.specialChildAllowance, LOCAL],
    [I.publicAssistance, LOCAL],
    [I.longTermCare, LOCAL],
    [I.employmentInsurance, HW],
    [I.pensionBenefits, JPS],
    [I.pensionContributions, JPS],
  ],
};

/** Every procedure on the network: seed 001's and self-information provision. */
export const ALL_PROCEDURES: readonly Procedure[] = [...PROCEDURES, SELF_INFORMATION];

export const PROCEDURE = {
  childAllowance: code(10),
  scholarship: code(30),
  selfInformation: SELF_INFORMATION.code,
} as const;

/** Rows of the table for each (requester kind, provider kind, item) a procedure names. */
export function permissionRowsOf(p: Procedure, effectiveFrom: string): PermissionRow[] {
  return p.requesters.flatMap((requester) =>
    p.asks.map(([itemCode, provider]) => ({
      requester: { kind: requester },
      procedure: p.code,
      steps: p.steps.map((s) => s.code),
      provider: { kind: provider },
      item: itemCode,
      from: effectiveFrom,
      to: null,
    })),
  );
}

/** The first permission table: one row per (requester kind, procedure, provider kind, item). */
export function initialPermissionRows(effectiveFrom: string): PermissionRow[] {
  return ALL_PROCEDURES.flatMap((p) => permissionRowsOf(p, effectiveFrom));
}

const BY_PROCEDURE = new Map(ALL_PROCEDURES.map((p) => [p.code as string, p]));

/** A procedure of the catalogue; null for one it does not know (a table may add procedures). */
export function procedureOf(code: string): Procedure | null {
  return BY_PROCEDURE.get(code) ?? null;
}

/** The step's name (for records people read); '' when the catalogue does not know it. */
export function stepName(procedure: string, step: string | null): string {
  return procedureOf(procedure)?.steps.find((s) => s.code === step)?.name ?? '';
}
