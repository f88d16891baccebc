import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNodes } from '../../src/linkage/index.ts';
import { NumberIssuer } from '../../src/numbers/index.ts';
import type { Contexts } from '../../src/platform/contexts.ts';
import { seedPopulation } from '../../src/registry/bulk.ts';
import { residentialUnits } from '../../src/registry/index.ts';
import { CHIYODA, cardFor, registerPerson } from '../support/cards.ts';
import { axeViolations, launchBrowser, SCREENSHOTS, startPlatform } from './browser.ts';

const OPERATOR = { id: 'e2e', kind: 'operator' as const, displayName: 'e2e', roles: [] };

let browser: Browser;
let platform: { url: string; contexts?: Contexts; close: () => Promise<void> };
let contexts: Contexts;
let staffCard: string;
let number: string;

beforeAll(async () => {
  platform = await startPlatform({ contexts: true });
  contexts = platform.contexts!;
  browser = await launchBrowser();
  await seedPopulation(
    {
      database: contexts.database,
      issuer: new NumberIssuer(new Uint8Array(32).fill(7)),
      clock: contexts.clock,
    },
    { residents: 80, units: residentialUnits().filter((u) => u.code === CHIYODA), seed: 12 },
  );
  await seedNodes(contexts.linkage, contexts.database.db, contexts.clock);
  const [adult] = await contexts.database.query<{ n: string }>(
    `select i.individual_number as n from registry.residents r join jlis.national_index i using (resident_record_code)
     where r.birth_date between (current_date - interval '55 years') and (current_date - interval '25 years')
     order by r.resident_record_code limit 1`,
  );
  number = adult!.n;
  const staff = await registerPerson(contexts, { familyName: '連携', givenName: '担当' });
  await contexts.login.grant(OPERATOR, staff, 'municipal-clerk', CHIYODA);
  staffCard = (await cardFor(contexts, staff)).path;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function loggedIn(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'ja-JP',
    bypassCSP: true,
    viewport: { width: 1100, height: 1100 },
  });
  const page = await context.newPage();
  await page.goto(`${platform.url}/login`);
  await page.getByLabel('カードファイルを読み込む').setInputFiles(staffCard);
  await expect.poll(() => page.locator('input[name="card"]').count()).toBeGreaterThan(0);
  await page.getByLabel('利用者証明用電子証明書の暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.waitForURL(/\/counter$/);
  return page;
}

describe('the institution operators’ network console', () => {
  it('a clerk asks for local tax and pension data for a child allowance, sees the answers and the records', async () => {
    const page = await loggedIn();
    await page.getByRole('link', { name: '情報連携' }).click();
    await page.waitForURL(/\/network$/);
    await page.getByLabel('事務', { exact: true }).selectOption({ label: '児童手当の認定請求' });
    await page.getByLabel('事務手続', { exact: true }).selectOption({ label: '額改定の請求' });
    await page.getByLabel('特定個人情報').selectOption({ label: '地方税関係情報（課税情報）' });
    await page.getByLabel('対象者の個人番号（12桁）').fill(number);
    await page.getByRole('button', { name: '照会する' }).click();
    const result = page.getByTestId('query-result');
    await expect.poll(() => result.textContent()).toContain('提供あり');
    expect(await result.textContent()).toContain('taxableIncome');

    await page.getByLabel('特定個人情報').selectOption({ label: '年金加入・保険料関係情報' });
    expect(await page.getByLabel('情報提供者').inputValue()).toBe('3000000000000001');
    await page.getByRole('button', { name: '照会する' }).click();
    await expect.poll(() => result.textContent()).toContain('scheme');

    // A period of days: every version that held in it, with its validity.
    await page.getByLabel('特定個人情報').selectOption({ label: '住民基本台帳関係情報（世帯情報）' });
    await page.getByLabel('対象期間（から・任意）').fill('2020-01-01');
    await page.getByRole('button', { name: '照会する' }).click();
    await expect.poll(() => page.getByTestId('answer-versions').textContent()).toContain('現在');
    await page.getByLabel('対象期間（まで・任意）').fill('2019-12-31');
    await page.getByRole('button', { name: '照会する' }).click();
    await expect.poll(() => page.getByTestId('query-error').textContent()).toContain('照会条件');
    await page.getByLabel('対象期間（から・任意）').fill('');
    await page.getByLabel('対象期間（まで・任意）').fill('');

    // Someone not on this municipality's addressee map: a clear refusal, nothing sent.
    await page.getByLabel('対象者の個人番号（12桁）').fill('123456789018');
    await page.getByRole('button', { name: '照会する' }).click();
    await expect
      .poll(() => page.getByTestId('query-error').textContent())
      .toContain('宛名に登録されていない');

    await expect
      .poll(() => page.getByTestId('node-records').locator('tbody tr').count())
      .toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('node-records').textContent()).toContain('日本年金機構');
    expect(await page.getByTestId('node-records').textContent()).toContain(
      '児童手当の認定請求（額改定の請求）',
    );
    expect(await page.content()).not.toContain(number);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'network-console.png'), fullPage: true });
  }, 120_000);
});
