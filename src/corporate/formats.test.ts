import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  bodiesOfBytes,
  csvLine,
  type RecordBodies,
  type ResponsePage,
  render,
  sectionOfPacked,
  toShiftJis,
  xmlRecord,
} from './formats.ts';
import { KIND_CODES, PROCESS_CODES, RECORD_FIELDS, STORED_FIELDS } from './model.ts';
import { nationalTaxAgency } from './seed.ts';

const page = (records = [nationalTaxAgency()]) => ({
  lastUpdateDate: '2018-04-02',
  count: records.length,
  divideNumber: 1,
  divideSize: 1,
  records,
  firstSequence: 1,
});

describe('the NTA’s response formats (SPECS.md §7)', () => {
  it('has the 30 fields in the NTA’s order and its code tables', () => {
    expect(RECORD_FIELDS).toHaveLength(30);
    expect(RECORD_FIELDS.slice(0, 7)).toEqual([
      'sequenceNumber',
      'corporateNumber',
      'process',
      'correct',
      'updateDate',
      'changeDate',
      'name',
    ]);
    expect(RECORD_FIELDS.slice(-6)).toEqual([
      'enName',
      'enPrefectureName',
      'enCityName',
      'enAddressOutside',
      'furigana',
      'hihyoji',
    ]);
    expect(PROCESS_CODES).toEqual(['01', '11', '12', '13', '21', '22', '71', '72', '81', '99']);
    expect(KIND_CODES).toEqual(['101', '201', '301', '302', '303', '304', '305', '399', '401', '499']);
  });

  it('writes 国税庁’s real record as CSV: first line, then 30 columns, text quoted', () => {
    const { body, contentType } = render('02', page());
    expect(contentType).toBe('text/csv; charset=UTF-8');
    const [head, line, end] = String(body).split('\r\n');
    expect(head).toBe('2018-04-02,1,1,1');
    expect(end).toBe('');
    expect(line).toBe(
      '1,7000012050002,01,1,2018-04-02,2015-10-05,"国税庁",,101,"東京都","千代田区","霞が関３丁目１－１",,13,101,1000013,,,,,,,2015-10-05,1,"National Tax Agency","Tokyo","Chiyoda ku",,"コクゼイチョウ",0',
    );
    expect(line!.split(',')).toHaveLength(30);
  });

  it('writes it as XML with every field in place, in order, empty ones as empty elements', () => {
    const xml = String(render('12', page()).body);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?><corporations><lastUpdateDate>2018-04-02</lastUpdateDate><count>1</count><divideNumber>1</divideNumber><divideSize>1</divideSize><corporation>',
      ),
    ).toBe(true);
    const fields = [...xml.matchAll(/<corporation>(.*)<\/corporation>/g)][0]![1]!;
    const names = [...fields.matchAll(/<([a-zA-Z]+)(\/?)>/g)].map((m) => m[1]);
    expect(names).toEqual([...RECORD_FIELDS]);
    expect(fields).toContain('<corporateNumber>7000012050002</corporateNumber>');
    expect(fields).toContain('<name>国税庁</name><nameImageId/><kind>101</kind>');
    expect(fields).toContain('<postCode>1000013</postCode>');
    expect(fields).toContain('<furigana>コクゼイチョウ</furigana><hihyoji>0</hihyoji>');
  });

  it('Shift_JIS bytes are right for kanji, full-width forms and the CP932 pairs', () => {
    const body = render('01', page()).body as Buffer;
    // 国税庁 in Shift_JIS.
    expect(body.includes(Buffer.from([0x8d, 0x91, 0x90, 0xc5, 0x92, 0xa1]))).toBe(true);
    // ３ and － as the NTA sends them.
    expect(toShiftJis('３－')).toEqual(Buffer.from([0x82, 0x52, 0x81, 0x7c]));
    expect(toShiftJis('〜')).toEqual(toShiftJis('～'));
    expect(toShiftJis('−')).toEqual(toShiftJis('－'));
    // A character Shift_JIS cannot carry becomes 〓, never a silent ?.
    expect(iconv.decode(toShiftJis('𠮷野家'), 'cp932')).toBe('〓野家');
    expect(iconv.decode(body, 'cp932')).toBe(String(render('02', page()).body));
  });

  it('escapes what XML and CSV need escaped', () => {
    const odd = { ...nationalTaxAgency(), name: 'A&B "<商事>", 本店' };
    expect(String(render('12', page([odd])).body)).toContain(
      '<name>A&amp;B &quot;&lt;商事&gt;&quot;, 本店</name>',
    );
    expect(csvLine(1, odd)).toContain('"A&B ""<商事>"", 本店"');
  });

  it('a page of written-out records asked again is sent as the bytes made the first time, unless its header changed', () => {
    const bodies = { format: 'xml' as const, bodies: ['<corporateNumber>1</corporateNumber>'] };
    const at = (lastUpdateDate: string, type: '12' | '02' = '12') =>
      render(type, {
        lastUpdateDate,
        count: 1,
        divideNumber: 1,
        divideSize: 1,
        records: bodies,
        firstSequence: 1,
      });
    const first = at('2026-11-20');
    expect(Buffer.isBuffer(first.body)).toBe(true);
    expect(at('2026-11-20').body).toBe(first.body);
    const later = at('2026-11-21');
    expect(later.body).not.toBe(first.body);
    expect(String(later.body)).toContain('<lastUpdateDate>2026-11-21</lastUpdateDate>');
    expect(String(at('2026-11-21', '02').body).startsWith('2026-11-21,1,1,1')).toBe(true);
  });

  it('a page of bodies received as bytes is written as the same page of text, in every type', () => {
    const records = [
      nationalTaxAgency(),
      {
        ...nationalTaxAgency(),
        corporateNumber: '1180301018771',
        name: 'トヨタ自動車株式会社',
        enName: 'A&B "Co"',
      },
    ];
    const xml = records.map((r) =>
      xmlRecord(1, r).replace(/^<corporation><sequenceNumber>1<\/sequenceNumber>|<\/corporation>$/g, ''),
    );
    const csv = records.map((r) => csvLine(1, r).replace(/^1,|\r\n$/g, ''));
    const paged = (bodies: RecordBodies) => ({
      ...page(records),
      count: 4001,
      divideNumber: 3,
      divideSize: 3,
      records: bodies,
      firstSequence: 4001,
    });
    for (const [type, format, texts] of [
      ['12', 'xml', xml],
      ['02', 'csv', csv],
      ['01', 'csv', csv],
    ] as const) {
      const asText = render(type, paged({ format, bodies: texts })).body;
      const asBytes = render(
        type,
        paged(
          bodiesOfBytes(
            format,
            texts.map((t) => Buffer.from(t)),
          ),
        ),
      ).body;
      expect(Buffer.from(asBytes).equals(Buffer.from(asText))).toBe(true);
      // and as the records themselves would be written
      expect(
        Buffer.from(asBytes).equals(
          Buffer.from(render(type, { ...paged({ format, bodies: [] }), records }).body),
        ),
      ).toBe(true);
    }
    expect(
      String(
        render(
          '12',
          paged(
            bodiesOfBytes(
              'xml',
              xml.map((t) => Buffer.from(t)),
            ),
          ),
        ).body,
      ),
    ).toContain('<sequenceNumber>4002</sequenceNumber><corporateNumber>1180301018771</corporateNumber>');
  });

  it('a section from packed records is the page the records make, each time it is written', () => {
    const records = [
      nationalTaxAgency(),
      { ...nationalTaxAgency(), corporateNumber: '1180301018771', name: 'トヨタ<自動車> & "Co"', enName: '' },
    ];
    const packed = records.map((r) => Buffer.from(STORED_FIELDS.map((f) => r[f]).join('\x1f')));
    for (const [type, format] of [
      ['12', 'xml'],
      ['02', 'csv'],
      ['01', 'csv'],
    ] as const) {
      const section = sectionOfPacked(format, packed, 4001);
      const at = (lastUpdateDate: string, count: number) => ({
        ...page(records),
        lastUpdateDate,
        count,
        divideNumber: 3,
        divideSize: 3,
        firstSequence: 4001,
      });
      const expected = (p: ResponsePage) => Buffer.from(render(type, p).body);
      // The first response takes the room around the section; the next ones are copies.
      const first = Buffer.from(render(type, { ...at('2026-11-20', 4002), records: section }).body);
      expect(first.equals(expected(at('2026-11-20', 4002)))).toBe(true);
      const second = Buffer.from(render(type, { ...at('2026-11-21', 40_020), records: section }).body);
      expect(second.equals(expected(at('2026-11-21', 40_020)))).toBe(true);
      expect(first.equals(expected(at('2026-11-20', 4002)))).toBe(true);
    }
    expect(() => render('12', { ...page(records), records: sectionOfPacked('csv', packed, 1) })).toThrow();
  });

  it('json carries the same fields as named values', () => {
    const json = JSON.parse(String(render('json', page()).body));
    expect(json.count).toBe(1);
    expect(Object.keys(json.corporations[0])).toEqual([...RECORD_FIELDS]);
  });
});
