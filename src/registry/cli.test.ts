import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bango } from '../../test/support/cli.ts';
import { IndividualNumber } from '../numbers/index.ts';

describe('bango registry', () => {
  it('seeds, counts, verifies, lists and files on the embedded database', async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'bango-registry-cli-')) };
    const seeded = await bango(
      ['registry', 'seed', '--residents', '300', '--municipalities', '131016,271004', '--seed', '3'],
      env,
    );
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ residents: 300, municipalities: 25 });

    const stats = JSON.parse((await bango(['registry', 'stats', '--json'], env)).stdout);
    expect(stats).toMatchObject({ residents: { resident: 300 }, numbersIssued: 300 });
    expect(Object.keys(stats.byPrefecture).sort()).toEqual(['13', '27']);

    const verified = await bango(['registry', 'verify', '--json'], env);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({ checked: 300, problems: [] });

    const masked = (
      await bango(['registry', 'list', '--municipality', '131016', '--limit', '5', '--json'], env)
    ).stdout;
    expect(masked.trim().split('\n')).toHaveLength(5);
    expect(masked).not.toMatch(/individualNumber/);
    const revealed = (await bango(['registry', 'list', '--limit', '3', '--reveal-numbers'], env)).stdout
      .trim()
      .split('\n');
    expect(revealed.map((l) => IndividualNumber.isValid(JSON.parse(l).individualNumber))).toEqual([
      true,
      true,
      true,
    ]);

    const birth = await bango(
      [
        'registry',
        'event',
        'birth',
        '--municipality',
        '131016',
        '--family-name',
        '山田',
        '--given-name',
        '太郎',
        '--family-kana',
        'やまだ',
        '--given-kana',
        'たろう',
        '--birth-date',
        '2026-01-05',
        '--sex',
        '1',
        '--address',
        '千代田1-1',
      ],
      env,
    );
    expect(birth.code).toBe(0);
    const { residentId } = JSON.parse(birth.stdout);
    const deathArgs = [
      'registry',
      'event',
      'death',
      '--municipality',
      '131016',
      '--resident',
      residentId,
      '--effective-date',
      '2026-02-01',
    ];
    const death = await bango(deathArgs, env);
    expect(death.code).toBe(0);
    const again = await bango(deathArgs, env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('REGISTRY_EVENT_NOT_ALLOWED');
    const bad = await bango(
      ['registry', 'event', 'birth', '--municipality', '131016', '--family-name', '山田'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('REGISTRY_FIELD_INVALID');
    expect((await bango(['registry', 'seed', '--residents', 'many'], env)).code).toBe(2);
    expect(JSON.parse((await bango(['registry', 'verify'], env)).stdout).problems).toEqual([]);
  }, 120_000);
});
