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
}

/** データ標準レイアウト: an item's schema, versioned; a copy must match the version in force. */
export interface ItemLayout {
  code: ItemCode;
  name: string;
  /** Seed 003's self-information number (自己情報番号). */
  selfInfo: string;
  version: number;
  /** Does a copy hold one record per fiscal year (local tax) or one current record? */
  byFiscalYear: boolean;
  fields: readonly LayoutField[];
}

const f = (name: string, type: FieldType, required = true): LayoutField => ({ name, type, required });

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
    version: 1,
    byFiscalYear: false,
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
    version: 1,
    byFiscalYear: true,
    fields: [
      f('fiscalYear', 'integer'),
      f('municipalityCode', 'string'),
      f('totalIncome', 'integer'),
      f('taxableIncome', 'integer'),
      f('municipalTax', 'integer'),
      f('prefecturalTax', 'integer'),
      f('dependents', 'integer'),
      f('exempt', 'boolean'),
    ],
  },
  {
    code: ITEMS.healthInsurance,
    name: '医療保険資格関係情報',
    selfInfo: '3-2',
    version: 1,
    byFiscalYear: false,
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
    version: 1,
    byFiscalYear: false,
    fields: [f('vaccine', 'string'), f('dose', 'integer'), f('givenOn', 'date')],
  },
  {
    code: ITEMS.childAllowance,
    name: '児童手当関係情報',
    selfInfo: '4-1',
    version: 1,
    byFiscalYear: false,
    fields: [f('children', 'integer'), f('monthlyAmount', 'integer'), f('since', 'date')],
  },
  {
    code: ITEMS.childRearingAllowance,
    name: '児童扶養手当関係情報',
    selfInfo: '4-2',
    version: 1,
    byFiscalYear: false,
    fields: [f('receiving', 'boolean'), f('monthlyAmount', 'integer', false), f('since', 'date', false)],
  },
  {
    code: ITEMS.disabilityCertificate,
    name: '障害者手帳関係情報',
    selfInfo: '5-4',
    version: 1,
    byFiscalYear: false,
    fields: [f('certificate', 'string'), f('grade', 'string'), f('issuedOn', 'date')],
  },
  {
    code: ITEMS.specialChildAllowance,
    name: '特別児童扶養手当関係情報',
    selfInfo: '5-7',
    version: 1,
    byFiscalYear: false,
    fields: [f('receiving', 'boolean'), f('grade', 'string', false)],
  },
  {
    code: ITEMS.publicAssistance,
    name: '生活保護関係情報',
    selfInfo: '5-9',
    version: 1,
    byFiscalYear: false,
    fields: [f('receiving', 'boolean'), f('since', 'date', false), f('kinds', 'string', false)],
  },
  {
    code: ITEMS.longTermCare,
    name: '介護保険給付等関係情報',
    selfInfo: '5-13',
    version: 1,
    byFiscalYear: false,
    fields: [f('insuredNumber', 'string'), f('careLevel', 'string', false), f('premiumStage', 'integer')],
  },
  {
    code: ITEMS.employmentInsurance,
    name: '雇用保険給付関係情報',
    selfInfo: '6-1',
    version: 1,
    byFiscalYear: false,
    fields: [f('insured', 'boolean'), f('lostOn', 'date', false), f('receivingBenefit', 'boolean')],
  },
  {
    code: ITEMS.pensionBenefits,
    name: '年金給付関係情報',
    selfInfo: '7-3',
    version: 1,
    byFiscalYear: false,
    fields: [f('receiving', 'boolean'), f('kind', 'string', false), f('annualAmount', 'integer', false)],
  },
  {
    code: ITEMS.pensionContributions,
    name: '年金加入・保険料関係情報',
    selfInfo: '7-6',
    version: 1,
    byFiscalYear: false,
    fields: [f('scheme', 'string'), f('enrolledOn', 'date'), f('exemption', 'string', false)],
  },
];

export interface Procedure {
  code: ProcedureCode;
  step: StepCode;
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
    step: step(1001),
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
    step: step(2001),
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
    step: step(3001),
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
    step: step(4001),
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
    step: step(5001),
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
    step: step(6001),
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
    step: step(7001),
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
    step: step(8001),
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
    step: step(9001),
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
    step: step(10001),
    name: '介護休業給付金の支給申請',
    law: '雇用保険法',
    requesters: [HW],
    asks: [[I.household, LOCAL]],
  },
  {
    code: code(110),
    step: step(11001),
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
    step: step(12001),
    name: '出産育児一時金の支給申請',
    law: '健康保険法',
    requesters: ['health-insurer'],
    asks: [[I.household, LOCAL]],
  },
  {
    code: code(130),
    step: step(13001),
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
    step: step(14001),
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
    step: step(15001),
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
    step: step(16001),
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
    step: step(17001),
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
    step: step(18001),
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
  step: step(900001),
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
