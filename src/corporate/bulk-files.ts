import { DomainError } from '../kernel/errors.ts';
import { CorporateErrors } from './errors.ts';
import { csvLine, toShiftJis, xmlHead, xmlRecord } from './formats.ts';
import type { CorporationVersion } from './model.ts';
import { isDate } from './operations.ts';
import { PREFECTURE_CODE } from './places.ts';
import type { CorporateStore } from './store.ts';

/**
 * The NTA's bulk download files (全件データ, 差分データ): the same 30 columns as the Web-API,
 * one line per record, no header row; the full file holds every corporation's latest version
 * (nationwide or one prefecture), a difference file every version recorded in a period.
 * Written as a stream of chunks read page by page (keyset), so five million records never sit
 * in memory at once.
 */
export const BULK_FORMATS = ['csv-sjis', 'csv-utf8', 'xml'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

export type BulkSelection =
  | { readonly kind: 'all'; readonly prefectureCode?: string | undefined }
  | { readonly kind: 'diff'; readonly from: string; readonly to: string };

const PAGE = 5000;

/**
 * Which file is asked for, checked the same way for the download route and the CLI: a
 * difference file needs a real period (any length, unlike /4/diff's 50 days); a full file
 * may be one prefecture's.
 */
export function bulkSelection(input: {
  diff: boolean;
  from?: unknown;
  to?: unknown;
  prefecture?: unknown;
}): BulkSelection {
  const { from, to, prefecture } = input;
  if (input.diff) {
    if (typeof from !== 'string' || typeof to !== 'string' || !isDate(from) || !isDate(to)) {
      throw new DomainError(CorporateErrors.CORPORATE_DATE_INVALID);
    }
    if (from > to) throw new DomainError(CorporateErrors.CORPORATE_DATE_RANGE);
    return { kind: 'diff', from, to };
  }
  if (
    prefecture !== undefined &&
    (typeof prefecture !== 'string' || !new RegExp(`^${PREFECTURE_CODE}$`).test(prefecture))
  ) {
    throw new DomainError(CorporateErrors.CORPORATE_ADDRESS_INVALID);
  }
  return { kind: 'all', prefectureCode: prefecture };
}

export const BULK_CONTENT_TYPES: Record<BulkFormat, string> = {
  'csv-sjis': 'text/csv; charset=Shift_JIS',
  'csv-utf8': 'text/csv; charset=UTF-8',
  xml: 'application/xml; charset=UTF-8',
};

/** The NTA's file names: `00_zenkoku_all_YYYYMMDD`, `13_tokyo_all_…` (here `13_all_…`), `diff_…`. */
export function bulkFileName(selection: BulkSelection, date: string, format: BulkFormat): string {
  const day = date.replaceAll('-', '');
  const ext = format === 'xml' ? 'xml' : 'csv';
  const enc = format === 'csv-sjis' ? '_sjis' : format === 'csv-utf8' ? '_utf8' : '';
  if (selection.kind === 'diff')
    return `diff_${selection.from.replaceAll('-', '')}_${selection.to.replaceAll('-', '')}${enc}.${ext}`;
  const area = selection.prefectureCode ? `${selection.prefectureCode}_all` : '00_zenkoku_all';
  return `${area}_${day}${enc}.${ext}`;
}

async function* pages(store: CorporateStore, selection: BulkSelection): AsyncGenerator<CorporationVersion[]> {
  if (selection.kind === 'all') {
    let after = '';
    for (;;) {
      const rows = await store.scanLatest(after, PAGE, selection.prefectureCode);
      if (rows.length === 0) return;
      yield rows;
      after = rows.at(-1)!.corporateNumber;
    }
  }
  let after = { date: '', id: 0 };
  for (;;) {
    const rows = await store.scanPeriod(selection.from, selection.to, after, PAGE);
    if (rows.length === 0) return;
    yield rows.map((r) => r.record);
    const last = rows.at(-1)!;
    after = { date: last.record.updateDate, id: last.id };
  }
}

/** The file as chunks (Buffer for Shift_JIS, text otherwise); `lastUpdateDate` heads the XML. */
export async function* bulkFile(
  store: CorporateStore,
  selection: BulkSelection,
  format: BulkFormat,
  lastUpdateDate: string,
): AsyncGenerator<string | Buffer> {
  let sequence = 0;
  if (format === 'xml') {
    const count =
      selection.kind === 'all'
        ? await store.countLatest(selection.prefectureCode)
        : await store.countPeriod(selection.from, selection.to);
    yield xmlHead({ lastUpdateDate, count, divideNumber: 1, divideSize: 1 });
  }
  for await (const page of pages(store, selection)) {
    let chunk = '';
    for (const r of page) {
      sequence++;
      chunk += format === 'xml' ? xmlRecord(sequence, r) : csvLine(sequence, r);
    }
    yield format === 'csv-sjis' ? toShiftJis(chunk) : chunk;
  }
  if (format === 'xml') yield '</corporations>';
}
