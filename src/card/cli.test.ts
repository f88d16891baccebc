import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { cardFor, PINS, registerPerson } from '../../test/support/cards.ts';
import { bango } from '../../test/support/cli.ts';
import { hasOpenssl } from '../../test/support/openssl.ts';
import { cliLogin } from '../login/cli.ts';

describe('bango setup and bango card', () => {
  it('sets up the first administrator once, issues, reads and suspends cards from card files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bango-card-cli-'));
    const env = { DATA_DIR: dir };
    const setup = await bango(['setup'], env);
    expect(setup.code).toBe(0);
    const admin = JSON.parse(setup.stdout);
    expect(admin.pins.authentication).toMatch(/^\d{4}$/);
    expect(admin.pins.signature).toMatch(/^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{6,16}$/);
    expect(existsSync(admin.card)).toBe(true);
    expect(statSync(admin.card).mode & 0o777).toBe(0o600);
    const again = await bango(['setup'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('LOGIN_ALREADY_SET_UP');

    // The administrator already holds a live card: a second one is refused.
    const twice = await bango(
      ['card', 'issue', '--resident', admin.administrator, '--pin', '1234', '--out', join(dir, 'x.json')],
      env,
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('CARD_ALREADY_HELD');

    const filed = await bango(
      [
        'registry',
        'event',
        'entry-from-abroad',
        '--municipality',
        '131016',
        '--family-name',
        '佐藤',
        '--given-name',
        '一',
        '--family-kana',
        'サトウ',
        '--given-kana',
        'ハジメ',
        '--birth-date',
        '1985-02-03',
        '--sex',
        '1',
        '--address',
        '千代田一丁目2番3号',
        '--effective-date',
        '2026-01-05',
      ],
      env,
    );
    const { residentId } = JSON.parse(filed.stdout);
    const cardFile = join(dir, 'sato.card.json');
    const issued = await bango(
      [
        'card',
        'issue',
        '--resident',
        residentId,
        '--pin',
        '1234',
        '--sign-password',
        'ABC123',
        '--out',
        cardFile,
      ],
      env,
    );
    expect(issued.code).toBe(0);
    expect(JSON.parse(issued.stdout)).toMatchObject({ status: 'delivered', residentId });

    const pem = join(dir, 'auth.pem');
    expect(
      (await bango(['card', 'cert', '--card', cardFile, '--kind', 'auth', '--out', pem], env)).code,
    ).toBe(0);
    if (hasOpenssl) {
      expect(
        execFileSync('openssl', ['x509', '-in', pem, '-noout', '-issuer'], { encoding: 'utf8' }),
      ).toContain('JPKI for user authentication');
    }
    const noPassword = await bango(['card', 'cert', '--card', cardFile, '--kind', 'sign'], env);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('CARD_PIN_WRONG');
    const signed = await bango(
      ['card', 'cert', '--card', cardFile, '--kind', 'sign', '--pin', 'ABC123'],
      env,
    );
    expect(signed.stdout).toMatch(/^-----BEGIN CERTIFICATE-----/);

    const suspended = await bango(['card', 'suspend', '--card', cardFile], env);
    expect(suspended.code).toBe(0);
    expect(JSON.parse(suspended.stdout).status).toBe('suspended');
    const resumed = await bango(['card', 'resume', '--card', cardFile], env);
    expect(JSON.parse(resumed.stdout).status).toBe('delivered');
    // Three wrong PINs lock it; the counter's reset opens it with a new PIN.
    const { Chip } = await import('./chip.ts');
    const { CardFileStore } = await import('./card-file.ts');
    const chip = new Chip(new CardFileStore(cardFile));
    for (let i = 0; i < 3; i++) await chip.sign('authentication', '0000', new Uint8Array(1)).catch(() => {});
    expect((await chip.tries()).authentication).toBe(0);
    const reset = await bango(
      ['card', 'reset-pin', '--card', cardFile, '--kind', 'auth', '--new-pin', '8642'],
      env,
    );
    expect(reset.code).toBe(0);
    expect((await chip.tries()).authentication).toBe(3);
    await chip.sign('authentication', '8642', new Uint8Array(1));

    const usage = await bango(['card', 'suspend'], env);
    expect(usage.code).toBe(2);
  }, 180_000);

  it('bango login performs the challenge–response against a running platform', async () => {
    const { app, contexts, close } = await testApp();
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const residentId = await registerPerson(contexts);
      const { path } = await cardFor(contexts, residentId);
      const session = await cliLogin({ card: path, pin: PINS.authentication, url });
      expect(session).toMatchObject({ residentId, roles: [] });
      await expect(cliLogin({ card: path, pin: '9999', url })).rejects.toMatchObject({
        code: 'CARD_PIN_WRONG',
      });
    } finally {
      await close();
    }
  }, 60_000);
});
