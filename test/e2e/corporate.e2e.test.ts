import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRealCorporations } from '../../src/corporate/commands.ts';
import { parseChange } from '../../src/corporate/operations.ts';
import type { Contexts } from '../../src/platform/contexts.ts';
import { cardFor, registerPerson } from '../support/cards.ts';
import { axeViolations, freshPage, launchBrowser, SCREENSHOTS, startPlatform } from './browser.ts';

let browser: Browser;
let platform: { url: string; contexts?: Contexts; close: () => Promise<void> };
let personCard: string;

beforeAll(async () => {
  platform = await startPlatform({ contexts: true });
  const contexts = platform.contexts!;
  browser = await launchBrowser();
  await seedRealCorporations(contexts);
  // Sony renamed, so the page has history and a former name to find.
  await contexts.corporate.record(
    '5010401067252',
    parseChange({ process: '11', changeDate: '2021-04-01', name: 'ソニーグループ株式会社' }),
  );
  personCard = (
    await cardFor(contexts, await registerPerson(contexts, { familyName: '開発', givenName: '花子' }))
  ).path;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const newPage = (): Promise<Page> => freshPage(browser, 1100);

describe('法人番号公表サイト', () => {
  it('finds a corporation by a fuzzy name, opens its page with history, and by number', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/`);
    await page.getByRole('link', { name: '法人番号', exact: true }).click();
    await page.waitForURL(/\/corporate$/);
    expect(await axeViolations(page)).toEqual([]);

    // Hiragana, and the legal form in front: the fuzzy search still finds トヨタ自動車株式会社.
    await page.getByRole('textbox', { name: /^商号又は名称/ }).fill('（株）とよた自動車');
    await page.getByRole('button', { name: '検索する' }).click();
    const results = page.getByTestId('corporate-results');
    await expect.poll(() => results.textContent()).toContain('トヨタ自動車株式会社');
    expect(await results.textContent()).toContain('1180301018771');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'corporate-search.png'), fullPage: true });

    // A former name, exactly as written: found only with 変更前 ticked.
    await page.getByRole('textbox', { name: /^商号又は名称/ }).fill('ソニー株式会社');
    await page.getByLabel('完全一致').check();
    await page.getByRole('button', { name: '検索する' }).click();
    await expect.poll(() => results.textContent()).toContain('見つかりませんでした');
    await page.getByLabel('変更前の商号又は名称でも探す').check();
    await page.getByRole('button', { name: '検索する' }).click();
    await expect.poll(() => results.textContent()).toContain('ソニーグループ株式会社');

    await results.getByRole('link', { name: 'ソニーグループ株式会社' }).click();
    await page.waitForURL(/\/corporate\/5010401067252$/);
    await expect.poll(() => page.getByTestId('history').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('history').textContent()).toContain('商号又は名称の変更');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'corporate-detail.png'), fullPage: true });

    // By number, with hyphens: 国税庁; and a wrong check digit said in words.
    await page.goto(`${platform.url}/corporate`);
    await page.getByLabel('法人番号（13桁）').fill('7-0000-1205-0002');
    await page.getByRole('button', { name: '表示する' }).click();
    await expect.poll(() => page.getByTestId('corporation').textContent()).toContain('霞が関３丁目１－１');
    await page.goto(`${platform.url}/corporate/7000012050003`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('チェックディジット');
    await page.context().close();
  }, 120_000);

  it('finds the corporations at an address: prefecture, city and part of the street', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/corporate`);
    await page.getByRole('link', { name: '所在地から探す' }).click();
    await page.waitForURL(/\/corporate\/address$/);
    await page.getByRole('button', { name: '検索する' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('都道府県を選んでください');
    await page.getByLabel(/^所在地（都道府県）/).selectOption('13');
    await expect.poll(() => page.locator('option', { hasText: '千代田区' }).count()).toBe(1);
    await page.getByLabel('市区町村', { exact: true }).selectOption('101');
    await page.getByLabel(/^町名・番地の一部/).fill('霞が関3丁目1-1');
    await page.getByRole('button', { name: '検索する' }).click();
    const results = page.getByTestId('corporate-results');
    await expect.poll(() => results.textContent()).toContain('国税庁');
    expect(page.url()).toContain('address=13101');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'corporate-address.png'), fullPage: true });
    await page.context().close();
  }, 120_000);

  it('offers bulk files, and issues a Web-API id to a person logged in, which then works', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/corporate/downloads`);
    const href = await page.getByRole('link', { name: 'CSV（Unicode）' }).getAttribute('href');
    expect(href).toBe('/api/corporate/downloads/all?format=csv-utf8');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${platform.url}/corporate/app-id`);
    expect(await page.getByRole('status').textContent()).toContain('ログインが必要');
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('カードファイルを読み込む').setInputFiles(personCard);
    await expect.poll(() => page.locator('input[name="card"]').count()).toBeGreaterThan(0);
    await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('1234');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.waitForURL(/\/portal$/);
    await page.goto(`${platform.url}/corporate/app-id`);
    await page.getByLabel('アプリケーション名（利用目的）').fill('会計ソフト連携');
    await page.getByRole('button', { name: '発行する' }).click();
    const id = await page.getByTestId('application-id').textContent();
    expect(id).toMatch(/^[A-Za-z0-9]{13}$/);
    expect(await axeViolations(page)).toEqual([]);
    const res = await fetch(`${platform.url}/4/num?id=${id}&number=7000012050002&type=12`);
    expect(await res.text()).toContain('<name>国税庁</name>');
    await page.context().close();
  }, 120_000);
});
