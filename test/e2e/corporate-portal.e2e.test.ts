import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRealCorporations } from '../../src/corporate/commands.ts';
import { seedNodes } from '../../src/linkage/index.ts';
import type { Contexts } from '../../src/platform/contexts.ts';
import { CHIYODA, cardFor, registerPerson } from '../support/cards.ts';
import { axeViolations, freshPage, launchBrowser, SCREENSHOTS, startPlatform } from './browser.ts';

const OPERATOR = { id: 'e2e', kind: 'operator' as const, displayName: 'e2e', roles: [] };

let browser: Browser;
let platform: { url: string; contexts?: Contexts; close: () => Promise<void> };
let firm: { number: string; name: string };
const cards: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform({ contexts: true });
  const contexts = platform.contexts!;
  browser = await launchBrowser();
  await seedRealCorporations(contexts);
  const [row] = await contexts.database.query<{ n: string; name: string }>(
    `select corporate_number as n, name from corporate.versions
      where latest and prefecture_code = '13' and city_code = '101' and kind = '301' and close_date = ''
      order by corporate_number limit 1`,
  );
  firm = { number: row!.n, name: row!.name };
  const clerk = await registerPerson(contexts, { familyName: '窓口', givenName: '一郎' });
  await contexts.login.grant(OPERATOR, clerk, 'municipal-clerk', CHIYODA);
  await contexts.login.grant(OPERATOR, clerk, 'nta-operator', '*');
  const rep = await registerPerson(contexts, { familyName: '代表', givenName: '太郎' });
  const staff = await registerPerson(contexts, { familyName: '経理', givenName: '花子' });
  for (const [who, id] of Object.entries({ clerk, rep, staff }))
    cards[who] = (await cardFor(contexts, id)).path;
  await seedNodes(contexts.linkage, contexts.database.db, contexts.clock, { municipalities: [CHIYODA] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function logIn(who: string): Promise<Page> {
  const page = await freshPage(browser, 1200);
  await page.goto(`${platform.url}/login`);
  await page.getByLabel('カードファイルを読み込む').setInputFiles(cards[who]!);
  await expect.poll(() => page.locator('input[name="card"]').count()).toBeGreaterThan(0);
  await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.waitForURL(/\/(portal|counter)$/);
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('法人ポータル in a browser', () => {
  it('a representative is registered on review, invites staff, and the staff read a notice from the ward', async () => {
    // The representative applies with their own card.
    const rep = await logIn('rep');
    await rep.getByRole('link', { name: '法人ポータル', exact: true }).click();
    await rep.waitForURL(/\/corporate-portal$/);
    await rep.getByRole('textbox', { name: /^法人番号（13桁）/ }).fill(firm.number);
    await rep.getByRole('textbox', { name: /^役職/ }).fill('代表取締役');
    await rep.getByRole('button', { name: '申請する' }).click();
    await expect.poll(() => rep.getByTestId('membership-status').textContent()).toBe('確認待ち');
    await accessible(rep, 'corporate-portal-home');

    // An NTA operator approves it after checking the commercial register.
    const clerk = await logIn('clerk');
    await clerk.getByRole('link', { name: '代表者登録の審査' }).click();
    const applications = clerk.getByTestId('applications');
    await expect.poll(() => applications.textContent()).toContain('代表　太郎');
    await accessible(clerk, 'corporate-portal-review');
    await clerk.getByRole('button', { name: '承認する' }).click();
    await expect.poll(() => clerk.getByText('審査待ちの申請はありません。').count()).toBe(1);

    // The representative opens the corporation and invites a member of staff.
    await rep.reload();
    await rep.getByRole('link', { name: firm.name }).click();
    await rep.waitForURL(new RegExp(`/corporate-portal/${firm.number}$`));
    await expect.poll(() => rep.getByTestId('corporation').textContent()).toContain(firm.number);
    await rep.getByRole('button', { name: '招待コードを発行する' }).click();
    const code = (await rep.getByTestId('invitation-code').textContent())!;
    expect(code).toMatch(/^([A-Z2-9]{4}-){4}[A-Z2-9]{4}$/);

    // The employee joins with the code and their own card.
    const staff = await logIn('staff');
    await staff.goto(`${platform.url}/corporate-portal`);
    await staff.getByRole('textbox', { name: /^招待コード/ }).fill(code);
    await staff.getByRole('button', { name: '確認する' }).click();
    await expect.poll(() => staff.getByTestId('pending-invitation').textContent()).toContain('担当者');
    await staff.getByRole('button', { name: '参加する' }).click();
    await expect.poll(() => staff.getByTestId('membership-status').textContent()).toBe('有効');

    // 千代田区 tells the joint-stock companies in the ward, from the institutions' console.
    await clerk.goto(`${platform.url}/portal/console`);
    await clerk.getByLabel('法人（法人ポータル）').check();
    await clerk.getByLabel('法人の種類').selectOption('301');
    await clerk.getByLabel(/^件名/).fill('法人住民税の申告期限のお知らせ');
    await clerk.getByLabel(/^本文/).fill('事業年度終了の日から2か月以内に申告してください。');
    await clerk.getByRole('button', { name: 'お知らせを送る' }).click();
    await expect.poll(() => clerk.getByTestId('console-message').textContent()).toMatch(/[0-9,]+ 法人/);

    // The employee reads it and marks it done; the representative sees who did.
    await staff.getByRole('link', { name: firm.name }).click();
    const notices = staff.getByTestId('corporate-notices');
    await expect.poll(() => notices.textContent()).toContain('法人住民税の申告期限のお知らせ');
    expect(await staff.getByTestId('notice-state').textContent()).toBe('未読');
    await expect.poll(() => staff.getByTestId('members').count()).toBe(0); // staff do not manage staff
    await staff.getByRole('button', { name: '開く' }).click();
    await expect.poll(() => staff.getByTestId('opened-notice').textContent()).toContain('2か月以内');
    await accessible(staff, 'corporate-portal-corporation');
    await staff.getByRole('button', { name: '対応済みにする' }).click();
    await expect.poll(() => staff.getByTestId('notice-state').textContent()).toBe('対応済み');

    await rep.reload();
    await expect.poll(() => rep.getByTestId('corporate-activity').textContent()).toContain('お知らせに対応');
    expect(await rep.getByTestId('corporate-activity').textContent()).toContain('経理　花子');
    await accessible(rep, 'corporate-portal-manager');

    // Ended by the representative, the employee is refused on the very next call.
    await rep.getByRole('button', { name: '登録を終了する' }).click();
    await expect.poll(() => rep.getByTestId('members').textContent()).not.toContain('経理　花子');
    await staff.reload();
    await expect
      .poll(() => staff.getByTestId('corporate-portal-message').textContent())
      .toContain('権限がありません');
  }, 180_000);
});
