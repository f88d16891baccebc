import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bango } from '../../test/support/cli.ts';
import { ITEMS, NATIONAL_BODIES } from './catalogue.ts';
import { localGovernmentInstitution } from './codes.ts';

const JPS = NATIONAL_BODIES.find((b) => b.kind === 'pension-service')!.code;
const EXEMPTION = 'JM00000000000140'; // 国民年金保険料の免除・納付猶予の申請
const lines = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('bango linkage and bango log', () => {
  it('seeds copies, asks, refuses, shows records and verifies the log', async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'bango-linkage-cli-')) };
    const seeded = await bango(
      ['registry', 'seed', '--residents', '200', '--municipalities', '131041', '--seed', '5'],
      env,
    );
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout).linkage.copies).toBeGreaterThan(200);

    const institutions = lines((await bango(['linkage', 'institutions', '--json'], env)).stdout);
    expect(institutions.map((i) => i.name)).toEqual(
      expect.arrayContaining(['日本年金機構', '新宿区', '東京都']),
    );
    const permissions = lines((await bango(['linkage', 'permissions', '--json'], env)).stdout);
    expect(permissions[0]).toMatchObject({ version: 1, procedure: expect.stringMatching(/^JM/) });

    const people = lines(
      (await bango(['registry', 'list', '--limit', '200', '--reveal-numbers'], env)).stdout,
    );
    const adult = people.find((p) => {
      const age = 2026 - Number(p.birthDate.slice(0, 4));
      return age > 25 && age < 60;
    });
    const shinjuku = localGovernmentInstitution('municipality', '131041');
    const ask = (item: string) =>
      bango(
        [
          'linkage',
          'query',
          '--requester',
          JPS,
          '--procedure',
          EXEMPTION,
          '--provider',
          shinjuku,
          '--item',
          item,
        ]
          .concat(['--resident', adult.individualNumber, '--json'])
          .concat(item === ITEMS.localTax ? ['--fiscal-year', String(new Date().getFullYear() - 1)] : []),
        env,
      );
    const provided = await ask(ITEMS.localTax);
    expect(provided.code).toBe(0);
    expect(JSON.parse(provided.stdout)).toMatchObject({ outcome: 'provided', answer: { found: true } });
    const refused = await ask(ITEMS.publicAssistance);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      outcome: 'refused',
      refusal: 'LINKAGE_NOT_PERMITTED',
    });

    const records = lines(
      (await bango(['linkage', 'records', '--resident', adult.individualNumber, '--json'], env)).stdout,
    );
    expect(records.map((r) => [r.subjectSeq, r.outcome])).toEqual([
      [1, 'provided'],
      [2, 'refused'],
    ]);
    expect(JSON.stringify(records)).not.toContain(adult.individualNumber);

    const stats = JSON.parse((await bango(['linkage', 'stats', '--json'], env)).stdout);
    expect(stats).toMatchObject({ total: 2, byOutcome: { provided: 1, refused: 1 } });
    const verified = await bango(['log', 'verify', '--json'], env);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, records: 2 });

    // New keys for the pension service; its next query (a named step, a period) goes through.
    const rotated = await bango(['linkage', 'rotate-keys', '--institution', JPS, '--json'], env);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ institution: JPS, signingKeyId: expect.any(String) });
    const base = ['linkage', 'query', '--requester', JPS, '--procedure', EXEMPTION, '--provider', shinjuku];
    const who = ['--item', ITEMS.household, '--resident', adult.individualNumber];
    const during = await bango([...base, '--step', 'JT00000000014001', ...who, '--from', '2020-01-01'], env);
    expect(during.code).toBe(0);
    expect(JSON.parse(during.stdout)).toMatchObject({
      outcome: 'provided',
      answer: { versions: [{ validTo: null }] },
    });
    const badDay = await bango([...base, ...who, '--from', '2025-02-30'], env);
    expect(badDay.code).toBe(1);
    expect(badDay.stderr).toMatch(/LINKAGE_CONDITION_INVALID/);

    const bad = await bango(
      [
        'linkage',
        'query',
        '--requester',
        '12',
        '--procedure',
        EXEMPTION,
        '--provider',
        shinjuku,
        '--item',
        ITEMS.localTax,
        '--resident',
        '1',
      ],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/REQUEST_INVALID/);
    expect(bad.stderr).not.toMatch(/at .*\.ts/);
  }, 180_000);
});
