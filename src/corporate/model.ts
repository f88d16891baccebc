/**
 * The corporate registry's model (法人番号): a corporation's record as the National Tax
 * Agency publishes it (SPECS.md §7, 30 fields in this order), its kinds, the process codes of
 * its versions, and the lifecycle as a transition table. Pure: no I/O, no clock.
 */

/** The 30 fields of a published record, in the NTA's order (CSV columns, XML elements). */
export const RECORD_FIELDS = [
  'sequenceNumber',
  'corporateNumber',
  'process',
  'correct',
  'updateDate',
  'changeDate',
  'name',
  'nameImageId',
  'kind',
  'prefectureName',
  'cityName',
  'streetNumber',
  'addressImageId',
  'prefectureCode',
  'cityCode',
  'postCode',
  'addressOutside',
  'addressOutsideImageId',
  'closeDate',
  'closeCause',
  'successorCorporateNumber',
  'changeCause',
  'assignmentDate',
  'latest',
  'enName',
  'enPrefectureName',
  'enCityName',
  'enAddressOutside',
  'furigana',
  'hihyoji',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** The fields stored for a version: all but the per-response sequence number, in order. */
export const STORED_FIELDS = RECORD_FIELDS.slice(1) as Exclude<RecordField, 'sequenceNumber'>[];

/** A field's column in `corporate.versions`: corporateNumber → corporate_number. */
export const columnOf = (f: RecordField): string => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One version of a corporation as published; every field a string ('' when empty). */
export type PublishedRecord = Record<RecordField, string>;

/** A stored version: the published fields without the per-response sequence number. */
export type CorporationVersion = Omit<PublishedRecord, 'sequenceNumber'>;

/** 処理区分: what a version records, with the NTA's names. */
export const PROCESSES = {
  '01': '新規',
  '11': '商号又は名称の変更',
  '12': '国内所在地の変更',
  '13': '国外所在地の変更',
  '21': '登記記録の閉鎖等',
  '22': '登記記録の復活等',
  '71': '吸収合併',
  '72': '吸収合併無効',
  '81': '商号の登記の抹消',
  '99': '削除',
} as const;
export type ProcessCode = keyof typeof PROCESSES;
// Written out: Object.keys would put '01' last (keys like '11' count as array indices).
export const PROCESS_CODES: readonly ProcessCode[] = [
  '01',
  '11',
  '12',
  '13',
  '21',
  '22',
  '71',
  '72',
  '81',
  '99',
];

/** 法人種別 in records. */
export const KINDS = {
  '101': '国の機関',
  '201': '地方公共団体',
  '301': '株式会社',
  '302': '有限会社',
  '303': '合名会社',
  '304': '合資会社',
  '305': '合同会社',
  '399': 'その他の設立登記法人',
  '401': '外国会社等',
  '499': 'その他',
} as const;
export type KindCode = keyof typeof KINDS;
export const KIND_CODES = Object.keys(KINDS) as KindCode[];

/** The request filter `kind` (01–04) and the record kinds each stands for. */
export const KIND_FILTERS: Record<string, readonly KindCode[]> = {
  '01': ['101'],
  '02': ['201'],
  '03': ['301', '302', '303', '304', '305', '399'],
  '04': ['401', '499'],
};

/** 登記記録の閉鎖等の事由. */
export const CLOSE_CAUSES = {
  '01': '清算の結了等',
  '11': '合併による解散等',
  '21': '登記官による閉鎖',
  '31': 'その他の清算の結了等',
} as const;
export type CloseCause = keyof typeof CLOSE_CAUSES;

/** Where a corporation stands; a version's process moves it. */
export type CorporationState = 'absent' | 'active' | 'closed' | 'deleted';

/**
 * The lifecycle: for each process, the states it may be recorded from and the state it
 * leads to. A correction (訂正, correct = 1) is the same process recorded over a wrong one.
 */
export const TRANSITIONS: Record<
  ProcessCode,
  { from: readonly CorporationState[]; to: CorporationState | 'same' }
> = {
  '01': { from: ['absent'], to: 'active' },
  '11': { from: ['active', 'closed'], to: 'same' },
  '12': { from: ['active', 'closed'], to: 'same' },
  '13': { from: ['active', 'closed'], to: 'same' },
  '21': { from: ['active'], to: 'closed' },
  '22': { from: ['closed'], to: 'active' },
  '71': { from: ['active'], to: 'closed' },
  '72': { from: ['closed'], to: 'active' },
  '81': { from: ['active'], to: 'closed' },
  '99': { from: ['active', 'closed'], to: 'deleted' },
};

export function stateOf(v: Pick<CorporationVersion, 'process' | 'closeDate'> | undefined): CorporationState {
  if (!v) return 'absent';
  if (v.process === '99') return 'deleted';
  return v.closeDate ? 'closed' : 'active';
}

/** The processes allowed from a state, for the typed conflict error. */
export function allowedFrom(state: CorporationState): ProcessCode[] {
  return PROCESS_CODES.filter((p) => TRANSITIONS[p].from.includes(state));
}

/** The kind a name's legal form says, for seeding and designation without an explicit kind. */
export function kindOfName(name: string): KindCode {
  const n = name.normalize('NFKC');
  if (/株式会社|\(株\)/.test(n)) return '301';
  if (/有限会社|\(有\)/.test(n)) return '302';
  if (/合名会社|\(名\)/.test(n)) return '303';
  if (/合資会社|\(資\)/.test(n)) return '304';
  if (/合同会社|\(同\)/.test(n)) return '305';
  return '399';
}

/** The fields a process changes; the rest are carried from the previous version. */
export const CHANGED_BY: Record<ProcessCode, readonly RecordField[]> = {
  '01': [],
  '11': ['name', 'nameImageId', 'furigana', 'enName'],
  '12': [
    'prefectureName',
    'cityName',
    'streetNumber',
    'addressImageId',
    'prefectureCode',
    'cityCode',
    'postCode',
  ],
  '13': ['addressOutside', 'addressOutsideImageId', 'enAddressOutside'],
  '21': ['closeDate', 'closeCause'],
  '22': ['closeDate', 'closeCause'],
  '71': ['closeDate', 'closeCause', 'successorCorporateNumber'],
  '72': ['closeDate', 'closeCause', 'successorCorporateNumber'],
  '81': ['closeDate', 'closeCause'],
  '99': [],
};

/** An empty version (every field ''), the shape process 99 publishes. */
export function blankVersion(): CorporationVersion {
  const v = {} as CorporationVersion;
  for (const f of RECORD_FIELDS) if (f !== 'sequenceNumber') v[f] = '';
  return v;
}
