import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import subsetFont from 'subset-font';

/**
 * PDFs in Japanese: Noto Sans JP embedded as a subset of just the characters a document
 * uses (pdf-lib's own CJK subsetting is broken), so a page weighs tens of kilobytes.
 */
const require = createRequire(import.meta.url);
type Weight = '400Regular' | '700Bold';
const fontPath = (weight: Weight) =>
  require.resolve(`@expo-google-fonts/noto-sans-jp/${weight}/NotoSansJP_${weight}.ttf`);
const fonts = new Map<Weight, Promise<Buffer>>();
const loadFont = (weight: Weight) => {
  let f = fonts.get(weight);
  if (!f) {
    f = readFile(fontPath(weight));
    fonts.set(weight, f);
  }
  return f;
};

/** A new document with regular and bold Noto Sans JP covering `text` (plus digits and space). */
export async function japaneseDocument(
  text: string,
  meta: { title: string; author: string; createdAt: Date },
): Promise<{ doc: PDFDocument; regular: PDFFont; bold: PDFFont }> {
  const chars = `${text}0123456789 `;
  const [r, b] = await Promise.all([
    subsetFont(await loadFont('400Regular'), chars, { targetFormat: 'sfnt' }),
    subsetFont(await loadFont('700Bold'), chars, { targetFormat: 'sfnt' }),
  ]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(meta.title);
  doc.setAuthor(meta.author);
  doc.setCreator('Bango');
  doc.setProducer('Bango');
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  const regular = await doc.embedFont(r, { subset: false });
  const bold = await doc.embedFont(b, { subset: false });
  return { doc, regular, bold };
}
