import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, freshPage, launchBrowser, SCREENSHOTS, startPlatform } from './browser.ts';

let browser: Browser;
const cspViolations: string[] = [];
let platform: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const newPage = (): Promise<Page> => freshPage(browser, 900);

describe('API documentation', () => {
  it('is served locally and renders under the security policy', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/docs`);
    await expect
      .poll(() => page.locator('.swagger-ui .title').first().textContent(), { timeout: 15_000 })
      .toContain('Bango API');
    expect(await page.locator('.opblock-summary-path').allTextContents()).toContain('/api/numbers/validate');
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });
    await page.context().close();
  });
});

describe('home page', () => {
  it('says what Bango is, in Japanese first, and links to what exists', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bango へようこそ');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.locator('main a[href="/numbers/check"]').count()).toBe(1);
    expect(await page.locator('main a[href="/docs"]').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'home-ja.png'), fullPage: true });
    await page.context().close();
  });
});

describe('番号チェック', () => {
  it('checks a valid and an invalid number through the API and says why in words', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/`);
    await page.getByRole('link', { name: '番号チェック' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('番号チェック');

    const field = page.getByLabel('番号必須');
    await field.fill('６２１４ ９８３２ ０２５７');
    await page.getByRole('button', { name: '確認する' }).click();
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-valid')).toBe('true');
    const text = await result.textContent();
    expect(text).toContain('正しい番号です');
    expect(text).toContain('**** **** 0257');
    expect(text).not.toContain('621498320257');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'number-check-valid.png'), fullPage: true });

    await field.fill('1234-5678-9012');
    await page.getByRole('button', { name: '確認する' }).click();
    await expect.poll(() => result.getAttribute('data-valid')).toBe('false');
    expect(await page.getByTestId('reason').textContent()).toContain('チェックデジット');
    await page.screenshot({ path: join(SCREENSHOTS, 'number-check-invalid.png'), fullPage: true });

    await field.fill('7000012050002');
    await page.getByLabel('法人番号', { exact: true }).check();
    await page.getByRole('button', { name: '確認する' }).click();
    await expect.poll(() => result.textContent()).toContain('7-0000-1205-0002');

    await field.fill('12345');
    await page.getByLabel('桁数から自動で判定する').check();
    await page.getByRole('button', { name: '確認する' }).click();
    await expect.poll(() => page.getByTestId('reason').textContent()).toContain('種類が判定できません');
    await page.context().close();
  });

  it('an empty submission shows the error summary, which leads to the field', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/numbers/check`);
    await page.getByRole('button', { name: '確認する' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('番号を入力してください');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('number');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'number-check-empty.png'), fullPage: true });
    await page.context().close();
  });

  it('switches to English and remembers it', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/numbers/check`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Number check');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('NumberRequired').fill('621498320258');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reason').textContent()).toContain('check digit');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Number check');
    await page.screenshot({ path: join(SCREENSHOTS, 'number-check-en.png'), fullPage: true });
    await page.context().close();
  });

  it('works with the keyboard alone', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/numbers/check`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('番号チェック');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('本文へ移動');
    await page.locator('input[name="number"]').focus();
    await page.keyboard.type('131016');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('result').getAttribute('data-valid')).toBe('true');
    await page.context().close();
  });
});
