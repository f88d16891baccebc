import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { IndividualNumber } from '../numbers/index.ts';
import { municipalityTitle, notificationLetter } from './letter.ts';

const content = {
  familyName: '齋藤',
  givenName: '花子',
  familyNameKana: 'サイトウ',
  givenNameKana: 'ハナコ',
  birthDate: '1990-05-01',
  sex: '2',
  municipalityCode: '131016',
  address: '千代田一丁目1番1号',
  individualNumber: IndividualNumber.from('621498320257'),
  issuedOn: '2026-04-01',
};

describe('個人番号通知書', () => {
  it('names the municipality as people write it', () => {
    expect(municipalityTitle('131016')).toBe('東京都千代田区');
    expect(municipalityTitle('271276')).toBe('大阪府大阪市北区');
  });

  it('is signed by the mayor of the city for a ward of a designated city', async () => {
    const doc = await PDFDocument.load(await notificationLetter({ ...content, municipalityCode: '271276' }));
    expect(doc.getAuthor()).toBe('大阪府大阪市北区');
  });

  it('is a one-page PDF with a subset Japanese font, a few tens of kilobytes', async () => {
    const pdf = await notificationLetter(content);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(150_000); // the full font is ~5 MB
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('個人番号通知書');
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))(
    'carries the facts and the number, as pdftotext reads them',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bango-letter-'));
      const file = join(dir, 'letter.pdf');
      writeFileSync(file, await notificationLetter(content));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const s of [
        '個人番号通知書',
        '齋藤',
        '花子',
        'サイトウ',
        '東京都千代田区千代田一丁目1番1号',
        '平成2年5月1日',
        '1990年5月1日',
        '6214 9832 0257',
        '千代田区長',
      ]) {
        expect(text).toContain(s);
      }
    },
  );
});
