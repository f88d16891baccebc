import iconv from 'iconv-lite';
import { type CorporationVersion, columnOf, type RecordField, STORED_FIELDS } from './model.ts';
import type { PageBuffers, SharedBytes } from './page-buffers.ts';
import { FIELD_SEPARATOR } from './record-memory.ts';

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
  /**
   * The records, or (for CSV and XML pages read in SQL) each record already written out, or
   * (pages from memory) all of them written out as they stand in the response.
   */
  readonly records: PageRecords;
  /** sequenceNumber of the first record on this page (the NTA numbers across pages). */
  readonly firstSequence: number;
}

/**
 * Records written out by the database: each record's 29 stored fields as a CSV line's tail
 * (after `sequenceNumber,`, without the line end) or an XML record's inside (after its
 * sequenceNumber element). Large pages cost the least this way: one text column a row.
 */
export interface RecordBodies {
  readonly format: 'csv' | 'xml';
  readonly bodies: readonly string[];
  /**
   * The same bodies as the UTF-8 bytes the database sent: a UTF-8 page (02, 12) is joined
   * from them, so 1.8 MB of XML is copied once instead of decoded and encoded again.
   */
  readonly utf8?: readonly Buffer[];
}

/**
 * A page's records written out as they stand in a response — CSV lines (type 01 and 02) or
 * `<corporation>` elements (12), numbered from `first` — between the response's head and
 * tail: the pages made from memory (current-records.ts). `section` is a view of a buffer
 * with room before and after it: the first response made from it writes its head and tail
 * there and is sent without a copy (a 1.8 MB copy a full page, and as much memory to
 * collect); any other response made from it is copied as usual.
 */
export interface RecordSection {
  readonly format: RecordBodies['format'];
  readonly first: number;
  readonly section: Buffer;
  /** Whether a response has taken the room around the section (written once, never again). */
  roomTaken: boolean;
  /** The pooled buffer it is in (page-buffers.ts), when it is: read only while holding it. */
  readonly shared?: SharedBytes;
}

/** Room kept before a section (a head is ~190 bytes) and after it (`</corporations>`). */
const HEAD_ROOM = 256;
const TAIL_ROOM = 16;

export type PageRecords = readonly CorporationVersion[] | RecordBodies | RecordSection;

/** Bodies received as bytes; their text is decoded only when asked for (Shift_JIS pages, tests). */
export function bodiesOfBytes(format: RecordBodies['format'], utf8: readonly Buffer[]): RecordBodies {
  let text: string[] | undefined;
  return {
    format,
    utf8,
    get bodies() {
      text ??= utf8.map((b) => b.toString('utf8'));
      return text;
    },
  };
}

/** A page's bytes: the head, then each body between its prefix (by sequence number) and `after`, then the tail. */
function joinBytes(
  head: string,
  bodies: readonly Buffer[],
  before: (sequence: number) => string,
  first: number,
  after: string,
  tail: string,
): Buffer {
  // Heads, prefixes and suffixes are ASCII: their lengths are their byte lengths.
  let size = head.length + tail.length + bodies.length * after.length;
  for (const [i, b] of bodies.entries()) size += before(first + i).length + b.length;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head, 0, 'latin1');
  for (const [i, b] of bodies.entries()) {
    at += out.write(before(first + i), at, 'latin1');
    at += b.copy(out, at);
    at += out.write(after, at, 'latin1');
  }
  out.write(tail, at, 'latin1');
  return out;
}

/** The format a response type's pages are best read in (json needs the records). */
export const bodyFormatOf = (type: ResponseType): RecordBodies['format'] | null =>
  type === '12' ? 'xml' : type === 'json' ? null : 'csv';

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

/**
 * The other fields hold codes, dates and numbers, and never a character XML or CSV would
 * have to escape: the SQL writes them as they are (a tenth of a page's cost was escaping
 * them). versionRow checks it of every version stored, so the JS and SQL writers stay equal.
 */
const MARKUP = /[&<>"',\r\n]/;
export function markupInPlainField(record: CorporationVersion): RecordField | undefined {
  for (const f of STORED_FIELDS) if (!QUOTED.has(f) && MARKUP.test(record[f])) return f;
  return undefined;
}

function csvField(field: RecordField, value: string): string {
  if (value === '') return '';
  if (!QUOTED.has(field) && !/[",\r\n]/.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** One CSV line: the record's place in the response, then its 29 fields. */
export function csvLine(sequence: number, record: CorporationVersion): string {
  let out = String(sequence);
  for (const f of STORED_FIELDS) out += `,${csvField(f, record[f])}`;
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

const XML_TAGS = STORED_FIELDS.map((f) => ({ f, open: `<${f}>`, close: `</${f}>`, empty: `<${f}/>` }));

export function xmlRecord(sequence: number, record: CorporationVersion): string {
  let out = `<corporation><sequenceNumber>${sequence}</sequenceNumber>`;
  for (const t of XML_TAGS) {
    const v = record[t.f];
    out += v === '' ? t.empty : t.open + xmlText(v) + t.close;
  }
  return `${out}</corporation>`;
}

/**
 * The same two layouts as SQL expressions over a versions row `a`, built from the same field
 * table and rules as csvLine and xmlRecord (a contract test holds them equal on both engines).
 */
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A stored field of a versions row `a` as text (`latest` is a boolean column). */
export const sqlColumn = (a: string, f: RecordField) =>
  f === 'latest' ? `(case when ${a}.latest then '1' else '0' end)` : `${a}.${columnOf(f)}`;
const sqlQuoted = (col: string) => `'"' || replace(${col}, '"', '""') || '"'`;

export function csvBodySql(a: string): string {
  return STORED_FIELDS.map((f) => {
    const col = sqlColumn(a, f);
    if (!QUOTED.has(f)) return col;
    return `(case when ${col} <> '' then ${sqlQuoted(col)} else ${col} end)`;
  }).join(" || ',' || ");
}

export function xmlBodySql(a: string): string {
  let escaped = (col: string) => col;
  for (const [c, e] of Object.entries(XML_ESCAPES)) {
    const inner = escaped;
    escaped = (col) => `replace(${inner(col)}, ${sqlText(c)}, ${sqlText(e)})`;
  }
  return STORED_FIELDS.map((f) => {
    const col = sqlColumn(a, f);
    const text = QUOTED.has(f) ? escaped(col) : col;
    return `(case when ${col} = '' then '<${f}/>' else '<${f}>' || ${text} || '</${f}>' end)`;
  }).join(' || ');
}

/**
 * The same two bodies written from packed records (record-memory.ts: the stored fields in
 * order, joined by U+001F, as UTF-8) byte by byte, by the SQL writers' rules: XML escapes
 * every field (only free text can hold markup); CSV quotes free text that is not empty. The
 * five characters XML escapes and the quote are ASCII, and UTF-8 never uses their bytes
 * inside another character, so bytes can be looked at one at a time. A contract test holds
 * these equal to the SQL writers on both engines.
 */
const ascii = (s: string) => Buffer.from(s, 'latin1');
const FIELDS = STORED_FIELDS.length;
/**
 * The tags between two fields that hold text, the fields between them being empty: GLUE at
 * (a + 1) × (FIELDS + 1) + b closes field a (a = −1: the record's start), writes the empty
 * elements after it, and opens field b (b = FIELDS: the record's end). Most of a page's bytes
 * are tags (a record's 29 elements, a dozen empty): written so, a record is ~17 copies of
 * ready bytes and its text, not 58 tags one at a time.
 */
const GLUE: Buffer[] = [];
for (let a = -1; a < FIELDS; a++) {
  for (let b = 0; b <= FIELDS; b++) {
    let tags = a >= 0 ? `</${STORED_FIELDS[a]}>` : '';
    for (let f = a + 1; f < b; f++) tags += `<${STORED_FIELDS[f]}/>`;
    if (b < FIELDS) tags += `<${STORED_FIELDS[b]}>`;
    GLUE.push(ascii(tags));
  }
}
const glueOf = (a: number, b: number) => GLUE[(a + 1) * (FIELDS + 1) + b]!;
const PACKED_QUOTED = STORED_FIELDS.map((f) => QUOTED.has(f));
/** By byte: its escape, if XML needs one (an array: looked up for every byte of a page). */
const XML_ESCAPE_OF: (Buffer | undefined)[] = Array.from({ length: 256 }, () => undefined);
for (const [c, e] of Object.entries(XML_ESCAPES)) XML_ESCAPE_OF[c.charCodeAt(0)] = ascii(e);
/** The most a record's tags and separators add to its bytes. */
const PACKED_OVERHEAD = STORED_FIELDS.reduce((n, f) => n + 2 * f.length + 5, 0);
const QUOTE = 0x22;
const COMMA = 0x2c;

let scratch = Buffer.allocUnsafe(1 << 22);

/** By byte, what the XML writer does with it: copy it, end the field, or escape it. */
const PLAIN = 0;
const ENDS_FIELD = 1;
const ESCAPED = 2;
const XML_BYTE = new Uint8Array(256);
XML_BYTE[FIELD_SEPARATOR] = ENDS_FIELD;
for (const c of Object.keys(XML_ESCAPES)) XML_BYTE[c.charCodeAt(0)] = ESCAPED;

function xmlOfPacked(p: Uint8Array, at: number): number {
  const out = scratch;
  const n = p.length;
  let last = -1;
  let i = 0;
  for (let field = 0; field < FIELDS; field++, i++) {
    if (i >= n || p[i] === FIELD_SEPARATOR) continue;
    const glue = glueOf(last, field);
    out.set(glue, at);
    at += glue.length;
    for (; i < n; i++) {
      const c = p[i]!;
      const kind = XML_BYTE[c];
      if (kind === PLAIN) out[at++] = c;
      else if (kind === ENDS_FIELD) break;
      else {
        const escaped = XML_ESCAPE_OF[c]!;
        out.set(escaped, at);
        at += escaped.length;
      }
    }
    last = field;
  }
  const end = glueOf(last, FIELDS);
  out.set(end, at);
  return at + end.length;
}

function csvOfPacked(p: Uint8Array, at: number): number {
  let i = 0;
  for (let field = 0; field < FIELDS; field++, i++) {
    if (field > 0) scratch[at++] = COMMA;
    const quoted = PACKED_QUOTED[field]! && i < p.length && p[i] !== FIELD_SEPARATOR;
    if (quoted) scratch[at++] = QUOTE;
    for (; i < p.length && p[i] !== FIELD_SEPARATOR; i++) {
      const c = p[i]!;
      scratch[at++] = c;
      if (quoted && c === QUOTE) scratch[at++] = QUOTE;
    }
    if (quoted) scratch[at++] = QUOTE;
  }
  return at;
}

/** Writes a sequence number's digits (ASCII) at `at`. */
function digitsAt(n: number, at: number): number {
  const text = String(n);
  for (let k = 0; k < text.length; k++) scratch[at + k] = text.charCodeAt(k);
  return at + text.length;
}

const XML_BEFORE = ascii('<corporation><sequenceNumber>');
const XML_BETWEEN = ascii('</sequenceNumber>');
const XML_AFTER = ascii('</corporation>');
/** What a record adds around its fields at most: the element or line around it, its number. */
const RECORD_OVERHEAD = XML_BEFORE.length + XML_BETWEEN.length + XML_AFTER.length + 16;

/**
 * Packed records written out as a page's section, numbered from `first` (csvLine's and
 * xmlRecord's layout), in a buffer from `buffers` when given.
 */
export function sectionOfPacked(
  format: RecordBodies['format'],
  packed: readonly Uint8Array[],
  first: number,
  buffers?: PageBuffers,
): RecordSection {
  let at = 0;
  for (const [i, p] of packed.entries()) {
    // At most: every byte escaped (6 bytes for one), and every field's tags.
    const most = at + p.length * 6 + PACKED_OVERHEAD + RECORD_OVERHEAD;
    if (most > scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(most, scratch.length * 2));
      scratch.copy(grown, 0, 0, at);
      scratch = grown;
    }
    if (format === 'xml') {
      scratch.set(XML_BEFORE, at);
      at = digitsAt(first + i, at + XML_BEFORE.length);
      scratch.set(XML_BETWEEN, at);
      at = xmlOfPacked(p, at + XML_BETWEEN.length);
      scratch.set(XML_AFTER, at);
      at += XML_AFTER.length;
    } else {
      at = digitsAt(first + i, at);
      scratch[at++] = COMMA;
      at = csvOfPacked(p, at);
      scratch[at++] = 0x0d;
      scratch[at++] = 0x0a;
    }
  }
  const bytes = HEAD_ROOM + at + TAIL_ROOM;
  const shared = buffers?.take(bytes);
  const whole = shared?.buffer ?? Buffer.allocUnsafeSlow(bytes);
  scratch.copy(whole, HEAD_ROOM, 0, at);
  return { format, first, section: whole.subarray(HEAD_ROOM, HEAD_ROOM + at), roomTaken: false, shared };
}

type PageHead = Pick<ResponsePage, 'lastUpdateDate' | 'count' | 'divideNumber' | 'divideSize'>;

/** A CSV response's first line. */
const csvHead = (h: PageHead) => `${h.lastUpdateDate},${h.count},${h.divideNumber},${h.divideSize}\r\n`;

/** The XML document's opening up to its first record. */
export function xmlHead(h: PageHead): string {
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

/**
 * The last rendering of each page of written-out records. A page the service remembers (a
 * broad name search asked again) comes back as the same bodies object: its 1–2 MB response
 * is then sent as the bytes made the first time instead of being joined and encoded again.
 * Weak: a rendering lives as long as its page is remembered.
 */
const renderings = new WeakMap<
  RecordBodies | RecordSection,
  { readonly key: string; readonly rendered: Rendered }
>();

export function render(type: ResponseType, page: ResponsePage): Rendered {
  const rows = page.records;
  if (!('bodies' in rows) && !('section' in rows)) return renderPage(type, page);
  // Its buffer went back to the pool while someone still meant to send it: a fault, not bytes.
  if ('section' in rows && rows.shared?.spent)
    throw new Error('a page section read after its buffer was given back');
  const key = `${type},${page.lastUpdateDate},${page.count},${page.divideNumber},${page.divideSize},${page.firstSequence}`;
  const last = renderings.get(rows);
  if (last?.key === key) return last.rendered;
  const made = renderPage(type, page);
  const body = typeof made.body === 'string' ? Buffer.from(made.body) : made.body;
  const rendered = { contentType: made.contentType, body };
  renderings.set(rows, { key, rendered });
  return rendered;
}

function renderPage(type: ResponseType, page: ResponsePage): Rendered {
  const first = page.firstSequence;
  const rows = page.records;
  if ('section' in rows) return renderSection(type, page, rows);
  const utf8 = 'utf8' in rows ? rows.utf8 : undefined;
  if (utf8 && type === '02') {
    const head = csvHead(page);
    const body = joinBytes(head, utf8, (n) => `${n},`, first, '\r\n', '');
    return { contentType: 'text/csv; charset=UTF-8', body };
  }
  if (utf8 && type === '12') {
    const before = (n: number) => `<corporation><sequenceNumber>${n}</sequenceNumber>`;
    const body = joinBytes(xmlHead(page), utf8, before, first, '</corporation>', '</corporations>');
    return { contentType: 'application/xml; charset=UTF-8', body };
  }
  const bodies = 'bodies' in rows ? rows.bodies : null;
  const records = 'bodies' in rows ? [] : rows;
  switch (type) {
    case '01':
    case '02': {
      let text = csvHead(page);
      if (bodies) for (const [i, b] of bodies.entries()) text += `${first + i},${b}\r\n`;
      else for (const [i, r] of records.entries()) text += csvLine(first + i, r);
      return type === '01'
        ? { contentType: 'text/csv; charset=Shift_JIS', body: toShiftJis(text) }
        : { contentType: 'text/csv; charset=UTF-8', body: text };
    }
    case '12': {
      let xml = xmlHead(page);
      if (bodies) {
        for (const [i, b] of bodies.entries())
          xml += `<corporation><sequenceNumber>${first + i}</sequenceNumber>${b}</corporation>`;
      } else for (const [i, r] of records.entries()) xml += xmlRecord(first + i, r);
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
          corporations: records.map((r, i) => ({ sequenceNumber: String(first + i), ...r })),
        }),
      };
  }
}

/** A page whose records are a section: its head, the section's bytes as they are, its tail. */
function renderSection(type: ResponseType, page: ResponsePage, rows: RecordSection): Rendered {
  // The service makes a page's section in the format its type needs, numbered from its place.
  if (rows.format !== bodyFormatOf(type) || rows.first !== page.firstSequence) {
    throw new Error(
      `a ${rows.format} section from ${rows.first} for type ${type} from ${page.firstSequence}`,
    );
  }
  const xml = type === '12';
  const head = xml ? xmlHead(page) : csvHead(page);
  if (type === '01') {
    return {
      contentType: 'text/csv; charset=Shift_JIS',
      body: toShiftJis(head + rows.section.toString('utf8')),
    };
  }
  const contentType = xml ? 'application/xml; charset=UTF-8' : 'text/csv; charset=UTF-8';
  const tail = xml ? '</corporations>' : '';
  const s = rows.section;
  // Heads and tails are ASCII: their lengths are their byte lengths.
  const room = { before: s.byteOffset, after: s.buffer.byteLength - s.byteOffset - s.length };
  if (!rows.roomTaken && head.length <= room.before && tail.length <= room.after) {
    rows.roomTaken = true;
    const whole = Buffer.from(s.buffer, s.byteOffset - head.length, head.length + s.length + tail.length);
    whole.write(head, 0, 'latin1');
    whole.write(tail, head.length + s.length, 'latin1');
    return { contentType, body: whole };
  }
  return { contentType, body: Buffer.concat([ascii(head), s, ascii(tail)]) };
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
