import iconv from 'iconv-lite';
import { type CorporationVersion, type PublishedRecord, RECORD_FIELDS, type RecordField } from './model.ts';

/**
 * The Web-API's response formats and the bulk files' layout (SPECS.md §7):
 * `01` CSV in Shift_JIS, `02` CSV in UTF-8, `12` XML; `json` is our extension. CSV has a
 * first line `lastUpdateDate,count,divideNumber,divideSize`, then one 30-column line per
 * record, no header row, text fields in double quotes, CRLF line ends (RFC 4180). The bulk
 * files are the record lines alone.
 */
export const RESPONSE_TYPES = ['01', '02', '12', 'json'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export interface ResponsePage {
  readonly lastUpdateDate: string;
  readonly count: number;
  readonly divideNumber: number;
  readonly divideSize: number;
  readonly records: readonly CorporationVersion[];
  /** sequenceNumber of the first record on this page (the NTA numbers across pages). */
  readonly firstSequence: number;
}

/** Free text is quoted; codes, dates and numbers are not. */
const QUOTED = new Set<RecordField>([
  'name',
  'prefectureName',
  'cityName',
  'streetNumber',
  'addressOutside',
  'changeCause',
  'enName',
  'enPrefectureName',
  'enCityName',
  'enAddressOutside',
  'furigana',
]);

function csvField(field: RecordField, value: string): string {
  if (value === '') return '';
  if (!QUOTED.has(field) && !/[",\r\n]/.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

export function csvLine(record: PublishedRecord): string {
  let out = '';
  for (let i = 0; i < RECORD_FIELDS.length; i++) {
    const f = RECORD_FIELDS[i]!;
    if (i > 0) out += ',';
    out += csvField(f, record[f]);
  }
  return `${out}\r\n`;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xmlText = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

export function xmlRecord(record: PublishedRecord): string {
  let out = '<corporation>';
  for (const f of RECORD_FIELDS) {
    const v = record[f];
    out += v === '' ? `<${f}/>` : `<${f}>${xmlText(v)}</${f}>`;
  }
  return `${out}</corporation>`;
}

function published(page: ResponsePage): PublishedRecord[] {
  return page.records.map((r, i) => ({ sequenceNumber: String(page.firstSequence + i), ...r }));
}

/** The XML document's opening up to its first record. */
export function xmlHead(
  h: Pick<ResponsePage, 'lastUpdateDate' | 'count' | 'divideNumber' | 'divideSize'>,
): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<corporations><lastUpdateDate>${h.lastUpdateDate}</lastUpdateDate><count>${h.count}</count>` +
    `<divideNumber>${h.divideNumber}</divideNumber><divideSize>${h.divideSize}</divideSize>`
  );
}

export interface Rendered {
  readonly contentType: string;
  readonly body: string | Buffer;
}

export function render(type: ResponseType, page: ResponsePage): Rendered {
  const records = published(page);
  switch (type) {
    case '01':
    case '02': {
      let text = `${page.lastUpdateDate},${page.count},${page.divideNumber},${page.divideSize}\r\n`;
      for (const r of records) text += csvLine(r);
      return type === '01'
        ? { contentType: 'text/csv; charset=Shift_JIS', body: toShiftJis(text) }
        : { contentType: 'text/csv; charset=UTF-8', body: text };
    }
    case '12': {
      let xml = xmlHead(page);
      for (const r of records) xml += xmlRecord(r);
      return { contentType: 'application/xml; charset=UTF-8', body: `${xml}</corporations>` };
    }
    case 'json':
      return {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({
          lastUpdateDate: page.lastUpdateDate,
          count: page.count,
          divideNumber: page.divideNumber,
          divideSize: page.divideSize,
          corporations: records,
        }),
      };
  }
}

/**
 * Unicode characters whose Shift_JIS byte pairs Windows (CP932) reads as other code points:
 * written as the CP932 ones so 〜 and − reach Japanese clients as the same bytes the NTA sends.
 */
const CP932_FORMS: Record<string, string> = {
  '\u301c': '\uff5e', // 〜 → ～
  '\u2212': '\uff0d', // − → －
  '\u2016': '\u2225', // ‖ → ∥
  '\u2014': '\u2015', // — → ―
  '\u00a2': '\uffe0',
  '\u00a3': '\uffe1',
  '\u00ac': '\uffe2',
};

/** Characters Shift_JIS cannot carry, cached: they are written as 〓 (geta), the customary mark. */
const encodable = new Map<string, boolean>();

function sjisSafe(ch: string): string {
  const mapped = CP932_FORMS[ch] ?? ch;
  let ok = encodable.get(mapped);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(mapped, 'cp932'), 'cp932') === mapped;
    encodable.set(mapped, ok);
  }
  return ok ? mapped : '〓';
}

export function toShiftJis(text: string): Buffer {
  return iconv.encode(text.replace(/[^\p{ASCII}]/gu, sjisSafe), 'cp932');
}
