import iconv from 'iconv-lite';
import { type CorporationVersion, RECORD_FIELDS, type RecordField } from './model.ts';

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

/** The fields stored for a version (all but the per-response sequence number), in order. */
const STORED = RECORD_FIELDS.slice(1) as Exclude<RecordField, 'sequenceNumber'>[];

/** One CSV line: the record's place in the response, then its 29 fields. */
export function csvLine(sequence: number, record: CorporationVersion): string {
  let out = String(sequence);
  for (const f of STORED) out += `,${csvField(f, record[f])}`;
  return `${out}\r\n`;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const NEEDS_XML_ESCAPE = /[&<>"']/;
// Most fields need no escaping: test first, replace only when needed (the hot path of /4/num).
const xmlText = (s: string) => (NEEDS_XML_ESCAPE.test(s) ? s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!) : s);

const XML_TAGS = STORED.map((f) => ({ f, open: `<${f}>`, close: `</${f}>`, empty: `<${f}/>` }));

export function xmlRecord(sequence: number, record: CorporationVersion): string {
  let out = `<corporation><sequenceNumber>${sequence}</sequenceNumber>`;
  for (const t of XML_TAGS) {
    const v = record[t.f];
    out += v === '' ? t.empty : t.open + xmlText(v) + t.close;
  }
  return `${out}</corporation>`;
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
  const first = page.firstSequence;
  switch (type) {
    case '01':
    case '02': {
      let text = `${page.lastUpdateDate},${page.count},${page.divideNumber},${page.divideSize}\r\n`;
      for (const [i, r] of page.records.entries()) text += csvLine(first + i, r);
      return type === '01'
        ? { contentType: 'text/csv; charset=Shift_JIS', body: toShiftJis(text) }
        : { contentType: 'text/csv; charset=UTF-8', body: text };
    }
    case '12': {
      let xml = xmlHead(page);
      for (const [i, r] of page.records.entries()) xml += xmlRecord(first + i, r);
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
          corporations: page.records.map((r, i) => ({ sequenceNumber: String(first + i), ...r })),
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
