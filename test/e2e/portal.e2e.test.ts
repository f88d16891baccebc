import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNodes } from '../../src/linkage/index.ts';
import type { Contexts } from '../../src/platform/contexts.ts';
import { CHIYODA, cardFor, registerPerson } from '../support/cards.ts';
import { axeViolations, freshPage, launchBrowser, SCREENSHOTS, startPlatform } from './browser.ts';

const OPERATOR = { id: 'e2e', kind: 'operator' as const, displayName: 'e2e', roles: [] };

let browser: Browser;
let platform: { url: string; contexts?: Contexts; close: () => Promise<void> };
let contexts: Contexts;
const cards: Record<string, { path: string; cardId: string; residentId: string }> = {};

beforeAll(async () => {
  platform = await startPlatform({ contexts: true });
  contexts = platform.contexts!;
  browser = await launchBrowser();
  const clerk = await registerPerson(contexts, { familyName: '窓口', givenName: '一郎' });
  await contexts.login.grant(OPERATOR, clerk, 'municipal-clerk', CHIYODA);
  const parent = await registerPerson(contexts, {
    familyName: '佐藤',
    givenName: '花子',
    birthDate: '1988-04-02',
  });
  const grandma = await registerPerson(contexts, {
    familyName: '鈴木',
    givenName: '節子',
    birthDate: '1952-09-09',
  });
  for (const [who, id] of Object.entries({ clerk, parent, grandma })) {
    const c = await cardFor(contexts, id);
    cards[who] = { path: c.path, cardId: c.cardId, residentId: id };
  }
  await seedNodes(contexts.linkage, contexts.database.db, contexts.clock, { municipalities: [CHIYODA] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function logIn(page: Page, who: string): Promise<void> {
  await page.goto(`${platform.url}/login`);
  await page.getByLabel('カードファイルを読み込む').setInputFiles(cards[who]!.path);
  await expect.poll(() => page.locator('input[name="card"]').count()).toBeGreaterThan(0);
  await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログインする' }).click();
}

async function accessible(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('the Myna Portal in a browser', () => {
  it('a resident logs in, sees their information, receives a notice sent from the console, and verifies their history', async () => {
    const resident = await freshPage(browser, 1000);
    let dialogs = 0;
    resident.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await logIn(resident, 'parent');
    await resident.waitForURL(/\/portal$/);
    await expect.poll(() => resident.getByTestId('my-number').textContent()).toMatch(/^\*{4} \*{4} \d{4}$/);
    await accessible(resident, 'portal-home');

    await resident.getByRole('link', { name: /わたしの情報/ }).click();
    await resident.getByTestId('item-TM00000000000002').waitFor();
    expect(await resident.getByTestId('item-TM00000000000002').textContent()).toContain('円');
    await accessible(resident, 'portal-information');

    // The municipality's clerk sends a notice from the console; its text tries to be HTML.
    const clerk = await freshPage(browser, 1400);
    await logIn(clerk, 'clerk');
    await clerk.waitForURL(/\/counter$/);
    await clerk.goto(`${platform.url}/portal/console`);
    await clerk.getByLabel(/^件名/).fill('健康診査のご案内');
    await clerk
      .getByLabel(/^本文/)
      .fill('<img src=x onerror=alert(1)>＜script＞alert(2)＜/script＞ 受診券をお送りします。');
    const pdf = join(SCREENSHOTS, 'kenshin.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await clerk.getByLabel(/^添付ファイル/).setInputFiles(pdf);
    await clerk.getByLabel(/^年齢（から）/).fill('30');
    await clerk.getByLabel(/^年齢（まで）/).fill('40');
    await clerk.getByRole('button', { name: '対象者の人数を確認する' }).click();
    await expect
      .poll(() => clerk.getByTestId('console-message').textContent())
      .toMatch(/対象者は \d+ 人です/);
    await clerk.getByRole('button', { name: 'お知らせを送る' }).click();
    await expect
      .poll(() => clerk.getByTestId('console-message').textContent())
      .toContain('お知らせを送りました');
    await accessible(clerk, 'portal-console');

    await resident.goto(`${platform.url}/portal`);
    await expect.poll(() => resident.getByTestId('unread-count').textContent()).toBe('未読 1件');
    await resident
      .getByRole('link', { name: /お知らせ/ })
      .first()
      .click();
    await resident.getByTestId('inbox').getByRole('link').first().waitFor();
    await accessible(resident, 'portal-inbox');
    // By keyboard: the notice's link takes focus and opens with Enter.
    await resident.getByRole('link', { name: /健康診査のご案内/ }).focus();
    await resident.keyboard.press('Enter');
    await expect
      .poll(() => resident.getByTestId('notice-body').textContent())
      .toBe('<img src=x onerror=alert(1)>＜script＞alert(2)＜/script＞ 受診券をお送りします。');
    expect(await resident.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toBe(0);
    const [download] = await Promise.all([
      resident.waitForEvent('download'),
      resident.getByRole('button', { name: /添付ファイル/ }).click(),
    ]);
    const saved = join(SCREENSHOTS, 'notice-attachment.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    await accessible(resident, 'portal-notice');

    await resident.goto(`${platform.url}/portal/history`);
    await expect
      .poll(() => resident.getByTestId('history-verification').textContent(), { timeout: 20_000 })
      .toMatch(/件すべての記録について/);
    expect(await resident.getByTestId('record-check').first().textContent()).toContain('検証済み');
    await accessible(resident, 'portal-history');

    // A history that was tampered with on the way (one record's item changed, another left
    // out) is caught by the browser and said in words.
    await resident.route('**/api/portal/history', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { records: { item: string }[] };
      body.records[0]!.item = 'TM00000000000509';
      body.records.splice(1, 1);
      await route.fulfill({ response: res, json: body });
    });
    await resident.reload();
    await expect
      .poll(() => resident.getByTestId('history-verification').textContent(), { timeout: 20_000 })
      .toContain('記録簿と一致しません');
    expect(await resident.getByTestId('history-verification').textContent()).toContain('欠け');
    await resident.screenshot({ path: join(SCREENSHOTS, 'portal-history-tampered.png'), fullPage: true });
    await resident.unroute('**/api/portal/history');

    // English on request.
    await resident.goto(`${platform.url}/portal`);
    await resident.getByRole('button', { name: 'Switch to English' }).click();
    await resident.getByRole('heading', { name: 'Myna Portal', level: 1 }).waitFor();
    await accessible(resident, 'portal-home-en');
    await resident.getByRole('button', { name: '日本語に切り替える' }).click();

    await resident.goto(`${platform.url}/portal/activity`);
    await expect.poll(() => resident.getByTestId('activity-table').textContent()).toContain('ログイン');
    await accessible(resident, 'portal-activity');

    const visitor = await freshPage(browser);
    await visitor.goto(`${platform.url}/portal/open`);
    await visitor.getByRole('heading', { name: 'マイナポータルの使い方' }).waitFor();
    await accessible(visitor, 'portal-open');
  }, 180_000);

  it('a parent grants a proxy; the proxy acts within scope, is refused outside it, and is stopped when the parent’s card is suspended', async () => {
    const parent = await freshPage(browser, 1400);
    await logIn(parent, 'parent');
    await parent.waitForURL(/\/portal$/);
    await parent.goto(`${platform.url}/portal/proxies`);
    const invite = parent.locator('section[aria-labelledby="invite"]');
    await invite.getByLabel('お知らせ').check();
    await invite.getByLabel(/^期限/).fill('2028-03-31');
    await parent.getByRole('button', { name: '確認コードを発行する', exact: true }).click();
    const code = (await parent.getByTestId('mandate-code').textContent({ timeout: 10_000 }))!;
    expect(code).toMatch(/^([A-Z2-9]{4}-){4}[A-Z2-9]{4}$/);
    await accessible(parent, 'portal-proxies');

    const proxy = await freshPage(browser, 1400);
    await logIn(proxy, 'grandma');
    await proxy.waitForURL(/\/portal$/);
    await proxy.goto(`${platform.url}/portal/proxies`);
    await proxy.getByLabel(/^確認コード（20文字）/).fill(code);
    await proxy.getByRole('button', { name: '内容を確認する' }).click();
    await expect.poll(() => proxy.getByTestId('pending-mandate').textContent()).toContain('佐藤');
    await proxy.getByRole('button', { name: '承認する' }).click();
    await expect.poll(() => proxy.getByTestId('held').textContent()).toContain('有効');

    await proxy.goto(`${platform.url}/portal`);
    await proxy.getByRole('button', { name: 'この人の代理で操作する' }).click();
    await expect.poll(() => proxy.getByTestId('acting-banner').textContent()).toContain('佐藤');
    await proxy
      .getByRole('link', { name: /お知らせ/ })
      .first()
      .click();
    await proxy.getByRole('link', { name: /健康診査のご案内/ }).waitFor();
    await accessible(proxy, 'portal-proxy-notices');
    await proxy.goto(`${platform.url}/portal/information`);
    await expect
      .poll(() => proxy.getByRole('alert').textContent())
      .toContain('代理人の設定で認められていない');

    // The parent sees what the proxy did, with both names.
    await parent.goto(`${platform.url}/portal/activity`);
    await expect
      .poll(() => parent.getByTestId('activity-table').textContent())
      .toContain('鈴木　節子（代理人）');

    await contexts.cards.suspend(
      { id: 'e2e', kind: 'person', residentId: cards.parent!.residentId, displayName: 'p', roles: [] },
      { cardId: cards.parent!.cardId },
    );
    await proxy.goto(`${platform.url}/portal/notices`);
    await expect.poll(() => proxy.getByRole('alert').textContent()).toContain('有効ではありません');
    await accessible(proxy, 'portal-proxy-stopped');
  }, 180_000);
});
