import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contexts } from '../../src/platform/contexts.ts';
import { CHIYODA, cardFor, registerPerson } from '../support/cards.ts';
import { axeViolations, freshPage, launchBrowser, SCREENSHOTS, startPlatform } from './browser.ts';

const OPERATOR = { id: 'e2e', kind: 'operator' as const, displayName: 'e2e', roles: [] };

let browser: Browser;
let platform: { url: string; contexts?: Contexts; close: () => Promise<void> };
let contexts: Contexts;
let clerkCard: string;
let spareCard: string;

beforeAll(async () => {
  platform = await startPlatform({ contexts: true });
  contexts = platform.contexts!;
  browser = await launchBrowser();
  const clerk = await registerPerson(contexts, { familyName: '窓口', givenName: '花子' });
  await contexts.login.grant(OPERATOR, clerk, 'municipal-clerk', CHIYODA);
  await contexts.login.grant(OPERATOR, clerk, 'card-officer', CHIYODA);
  clerkCard = (await cardFor(contexts, clerk)).path;
  spareCard = (await cardFor(contexts, await registerPerson(contexts, { givenName: '予備' }))).path;
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const newPage = (): Promise<Page> => freshPage(browser, 1000);

async function logIn(page: Page, cardFile: string, pin: string): Promise<void> {
  await page.goto(`${platform.url}/login`);
  await page.getByLabel('カードファイルを読み込む').setInputFiles(cardFile);
  await expect.poll(() => page.locator('input[name="card"]').count()).toBeGreaterThan(0);
  await page.getByLabel('利用者証明用電子証明書の暗証番号').fill(pin);
  await page.getByRole('button', { name: 'ログインする' }).click();
}

describe('card login and the municipal counter', () => {
  it('a clerk logs in with a card, registers a birth and issues the baby a card; the new card logs in, and after suspension it does not', async () => {
    const clerk = await newPage();
    await logIn(clerk, clerkCard, '1234');
    await clerk.waitForURL(/\/counter$/);
    expect(await axeViolations(clerk)).toEqual([]);
    await clerk.screenshot({ path: join(SCREENSHOTS, 'counter.png'), fullPage: true });

    // 出生の届出
    const field = (name: string) => clerk.locator(`input[name="${name}"]`);
    await field('familyName').fill('山田');
    await field('givenName').fill('陽翔');
    await field('familyNameKana').fill('ヤマダ');
    await field('givenNameKana').fill('ハルト');
    await field('birthDate').fill('2026-01-15');
    await field('address').fill('千代田一丁目1番1号');
    await clerk.getByRole('button', { name: '届出を受理する' }).click();
    await expect.poll(() => clerk.locator('#resident-heading').textContent()).toContain('山田 陽翔');

    // The card, step by step.
    await clerk.getByRole('button', { name: '交付申請を受け付ける' }).click();
    await clerk.getByRole('button', { name: /本人確認を記録する/ }).click();
    await clerk.getByLabel('利用者証明用（数字4桁）').fill('2468');
    await clerk.getByLabel('券面事項入力補助用（数字4桁）').fill('1357');
    await clerk.getByRole('button', { name: '暗証番号を設定して交付する' }).click();
    const downloadLink = clerk.getByTestId('card-download');
    await downloadLink.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([clerk.waitForEvent('download'), downloadLink.click()]);
    const babyCard = join(SCREENSHOTS, 'baby.card.json');
    await download.saveAs(babyCard);
    await expect
      .poll(() => clerk.getByTestId('counter-card-status').first().textContent())
      .toContain('利用中');

    // The holder (a parent acting for the baby here) logs in with the new card.
    const holder = await newPage();
    await logIn(holder, babyCard, '2468');
    // A resident lands on the Myna Portal's home; the card's own page is one of its cards.
    await holder.waitForURL(/\/portal$/);
    await holder
      .getByRole('link', { name: /わたしのカード/ })
      .last()
      .click();
    await holder.waitForURL(/\/my-card$/);
    await expect.poll(() => holder.getByTestId('card-status').textContent()).toBe('利用中');
    expect(await axeViolations(holder)).toEqual([]);
    await holder.screenshot({ path: join(SCREENSHOTS, 'my-card.png'), fullPage: true });

    // Suspension from the holder's own page; then logging in fails.
    await holder.getByRole('button', { name: 'このカードを一時停止する' }).click();
    await expect.poll(() => holder.getByTestId('card-status').textContent()).toBe('一時停止中');
    await expect.poll(() => holder.getByRole('status').textContent()).toContain('一時停止しました');
    // The session ended with the suspension: the header offers to log in again.
    await expect.poll(() => holder.getByRole('link', { name: 'ログイン' }).count()).toBe(1);
    await holder.goto(`${platform.url}/login`);
    await holder.getByLabel('利用者証明用電子証明書の暗証番号').fill('2468');
    await holder.getByRole('button', { name: 'ログインする' }).click();
    await expect.poll(() => holder.getByTestId('login-failure').textContent()).toContain('一時停止中');
    await holder.screenshot({ path: join(SCREENSHOTS, 'login-suspended.png'), fullPage: true });
  }, 120_000);

  it('three wrong PINs lock the card, and it then says where to go', async () => {
    const page = await newPage();
    await logIn(page, spareCard, '0000');
    await expect.poll(() => page.getByTestId('login-failure').textContent()).toContain('あと2回');
    await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('0001');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect.poll(() => page.getByTestId('login-failure').textContent()).toContain('あと1回');
    await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('0002');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect.poll(() => page.getByTestId('login-failure').textContent()).toContain('ロックされています');
    await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('1234');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect.poll(() => page.getByTestId('login-failure').textContent()).toContain('市区町村の窓口');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'login-locked.png'), fullPage: true });
  }, 60_000);

  it('the counter resets a locked PIN: the holder brings the card file and takes back one that logs in with the new PIN', async () => {
    const clerk = await newPage();
    await logIn(clerk, clerkCard, '1234');
    await clerk.waitForURL(/\/counter$/);
    await clerk.getByLabel('氏名（かな・漢字）').fill('ヤマダ');
    await clerk.getByRole('button', { name: '検索する' }).click();
    await clerk.getByRole('button', { name: /予備/ }).click();
    await clerk.getByLabel('ご本人のカードファイル').setInputFiles(spareCard);
    await clerk.getByLabel('再設定する暗証番号').selectOption('authentication');
    await clerk.getByLabel('新しい暗証番号（ご本人が入力します）').fill('9753');
    await clerk.getByRole('button', { name: '再設定する' }).click();
    const link = clerk.getByTestId('reset-download');
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([clerk.waitForEvent('download'), link.click()]);
    const renewed = join(SCREENSHOTS, 'spare-reset.card.json');
    await download.saveAs(renewed);
    expect(await axeViolations(clerk)).toEqual([]);
    await clerk.screenshot({ path: join(SCREENSHOTS, 'counter-pin-reset.png'), fullPage: true });

    const holder = await newPage();
    await logIn(holder, renewed, '9753');
    await holder.waitForURL(/\/portal$/);
    await holder.goto(`${platform.url}/my-card`);
    await expect.poll(() => holder.getByTestId('card-status').textContent()).toBe('利用中');
  }, 90_000);
});
