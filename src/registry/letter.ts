import { type PDFFont, rgb } from 'pdf-lib';
import { toSeireki, toWareki } from '../kernel/japanese-date.ts';
import { japaneseDocument } from '../kernel/pdf.ts';
import { IndividualNumber } from '../numbers/index.ts';
import { allMunicipalities } from './municipalities.ts';

/**
 * 個人番号通知書: the letter that tells a person their Individual Number. A one-page
 * A4 PDF with the name (and reading), address, birth date in 和暦 and 西暦, sex and
 * the number, from the municipality's mayor. Noto Sans JP is embedded as a subset of
 * just the characters used (pdf-lib's own CJK subsetting is broken), so a letter
 * weighs a few tens of kilobytes rather than megabytes.
 */
export interface LetterContent {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: string;
  municipalityCode: string;
  address: string;
  individualNumber: IndividualNumber;
  issuedOn: string;
}

const SEX_NAMES: Record<string, string> = { '1': '男', '2': '女', '9': '—' };
/** The municipality as the letter names it: 東京都千代田区, 大阪府大阪市北区. */
export function municipalityTitle(code: string): string {
  const all = allMunicipalities();
  const byCode = new Map(all.map((m) => [m.code, m]));
  const parts: string[] = [];
  for (let m = byCode.get(code); m; m = m.parentCode ? byCode.get(m.parentCode) : undefined)
    parts.unshift(m.name);
  return parts.join('');
}

/** Who signs: the mayor of the municipality (a designated city's, for its wards; 区長 in Tokyo's wards). */
function mayorOf(code: string): string {
  const all = allMunicipalities();
  const m = all.find((x) => x.code === code);
  if (!m) return '';
  if (m.kind === 'ward' && m.parentCode) return all.find((x) => x.code === m.parentCode)?.name ?? m.name;
  return m.name;
}

export async function notificationLetter(c: LetterContent): Promise<Uint8Array> {
  const place = municipalityTitle(c.municipalityCode);
  const mayor = `${mayorOf(c.municipalityCode)}長`;
  const lines = {
    title: '個人番号通知書',
    issuer: `${place}　${mayor}`,
    issued: `発行日　${toWareki(c.issuedOn)}（${toSeireki(c.issuedOn)}）`,
    fields: [
      ['ふりがな', `${c.familyNameKana}　${c.givenNameKana}`],
      ['氏名', `${c.familyName}　${c.givenName}`],
      ['住所', `${place}${c.address}`],
      ['生年月日', `${toWareki(c.birthDate)}（${toSeireki(c.birthDate)}）`],
      ['性別', SEX_NAMES[c.sex] ?? '—'],
    ] as const,
    numberLabel: '個人番号',
    number: IndividualNumber.format(c.individualNumber),
    notes: [
      'あなたの個人番号（マイナンバー）をお知らせします。',
      'この通知書は、個人番号を証明する書類や本人確認書類としては使えません。',
      '個人番号は、社会保障・税・災害対策の手続で、法律が定める場合にだけ提供してください。',
      '個人番号カードの交付を受けるときは、この通知書をお持ちください。',
      '番号が漏えいして不正に使われるおそれがあるときは、お住まいの市区町村で変更を請求できます。',
    ],
  };
  const allText = [
    '・',
    lines.title,
    lines.issuer,
    lines.issued,
    lines.numberLabel,
    lines.number,
    ...lines.notes,
    ...lines.fields.flat(),
  ].join('');
  const {
    doc,
    regular: fR,
    bold: fB,
  } = await japaneseDocument(allText, {
    title: lines.title,
    author: place,
    createdAt: new Date(`${c.issuedOn}T00:00:00+09:00`),
  });
  const page = doc.addPage([595.28, 841.89]);
  const ink = rgb(0.1, 0.1, 0.1);
  const text = (s: string, x: number, y: number, size: number, font: PDFFont = fR) =>
    page.drawText(s, { x, y, size, font, color: ink });

  text(lines.title, 50, 770, 24, fB);
  text(lines.issued, 50, 740, 10.5);
  const issuerWidth = fR.widthOfTextAtSize(lines.issuer, 11);
  text(lines.issuer, 545 - issuerWidth, 740, 11);
  page.drawLine({ start: { x: 50, y: 725 }, end: { x: 545, y: 725 }, thickness: 1, color: ink });

  let y = 690;
  for (const [label, value] of lines.fields) {
    text(label, 60, y, 10.5, fB);
    text(value, 150, y, label === 'ふりがな' ? 10.5 : 14);
    page.drawLine({
      start: { x: 50, y: y - 10 },
      end: { x: 545, y: y - 10 },
      thickness: 0.3,
      color: rgb(0.6, 0.6, 0.6),
    });
    y -= 36;
  }

  page.drawRectangle({ x: 50, y: y - 50, width: 495, height: 64, borderColor: ink, borderWidth: 1.5 });
  text(lines.numberLabel, 66, y - 12, 11, fB);
  text(lines.number, 150, y - 30, 28, fB);

  y -= 100;
  for (const note of lines.notes) {
    text(`・${note}`, 56, y, 9.5);
    y -= 18;
  }
  return doc.save();
}
