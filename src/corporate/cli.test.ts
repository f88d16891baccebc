import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bango } from '../../test/support/cli.ts';

describe('bango corporate', () => {
  it('seeds, designates, changes, exports bulk files and issues application ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bango-corporate-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const env = { DATA_DIR: dir };
    const seeded = await bango(['corporate', 'seed', '--synthetic', '500', '--seed', '3'], env);
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ real: expect.any(Number), synthetic: 500 });

    const made = await bango(
      [
        'corporate',
        'designate',
        '--json',
        JSON.stringify({
          registrationNumber: '010401666666',
          name: '株式会社CLI商会',
          localGovernmentCode: '131016',
          streetNumber: '1番',
        }),
      ],
      env,
    );
    expect(made.code).toBe(0);
    const number = JSON.parse(made.stdout).corporateNumber as string;
    const changed = await bango(
      ['corporate', 'change', number, '--json', JSON.stringify({ process: '21', changeDate: '2026-01-05' })],
      env,
    );
    expect(JSON.parse(changed.stdout)).toMatchObject({
      process: '21',
      closeDate: '2026-01-05',
      closeCause: '01',
    });
    const refused = await bango(
      ['corporate', 'change', number, '--json', JSON.stringify({ process: '21', changeDate: '2026-01-06' })],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CORPORATE_TRANSITION_INVALID');

    const utf8 = join(dir, 'all-utf8.csv');
    const sjis = join(dir, 'all-sjis.csv');
    expect(
      (await bango(['corporate', 'export', '--all', '--format', 'csv-utf8', '--out', utf8], env)).code,
    ).toBe(0);
    expect(
      (await bango(['corporate', 'export', '--all', '--format', 'csv-sjis', '--out', sjis], env)).code,
    ).toBe(0);
    const lines = readFileSync(utf8, 'utf8').split('\r\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(8000);
    // No header row: every line is a record; 国税庁 is in it with its 30 columns.
    expect(lines.every((l) => /^\d+,\d{13},\d{2},/.test(l))).toBe(true);
    expect(lines.find((l) => l.includes(',7000012050002,'))).toContain('"国税庁",,101,"東京都","千代田区"');
    expect(iconv.decode(readFileSync(sjis), 'cp932')).toBe(readFileSync(utf8, 'utf8'));

    const diff = join(dir, 'diff.xml');
    expect(
      (
        await bango(
          ['corporate', 'export', '--diff', '2018-04-01', '2018-04-30', '--format', 'xml', '--out', diff],
          env,
        )
      ).code,
    ).toBe(0);
    const xml = readFileSync(diff, 'utf8');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><corporations><lastUpdateDate>\d{4}-\d{2}-\d{2}<\/lastUpdateDate><count>\d+<\/count>/,
    );
    expect(xml).toContain('<corporateNumber>7000012050002</corporateNumber>');
    expect(xml.match(/<corporation>/g)?.length).toBe(Number(/<count>(\d+)</.exec(xml)![1]));
    expect(
      (await bango(['corporate', 'export', '--diff', '2018-04-30', '--format', 'xml', '--out', diff], env))
        .code,
    ).toBe(2);

    const issued = await bango(['corporate', 'app-id', 'create', '--name', 'CLI test'], env);
    expect(JSON.parse(issued.stdout).id).toMatch(/^[A-Za-z0-9]{13}$/);
  }, 180_000);
});
