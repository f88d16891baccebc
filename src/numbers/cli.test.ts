import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../platform/web-build.ts';
import { IndividualNumber } from './individual-number.ts';
import { ResidentRecordCode } from './resident-record-code.ts';

const BIN = join(ROOT_DIR, 'bin', 'bango.js');

function bango(args: string[], stdin?: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 99) : 0, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

describe('bango number validate', () => {
  it('exits 0 when all are valid and 1 when any is invalid', async () => {
    expect((await bango(['number', 'validate', '621498320257', '7000012050002'])).code).toBe(0);
    const bad = await bango(['number', 'validate', '621498320257', '123456789012']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('NUMBERS_CHECK_DIGIT');
  });

  it('prints one JSON object per line, reading stdin with -', async () => {
    const r = await bango(
      ['number', 'validate', '--json', '--kind', 'individual', '-'],
      '６２１４ ９８３２ ０２５７\n\n12345\n',
    );
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        input: '６２１４ ９８３２ ０２５７',
        kind: 'individual',
        valid: true,
        normalized: '621498320257',
        error: null,
      },
      { input: '12345', kind: 'individual', valid: false, normalized: '12345', error: 'NUMBERS_LENGTH' },
    ]);
  });

  it('exits 2 on a usage error', async () => {
    expect((await bango(['number', 'validate', '--kind', 'passport', '1'])).code).toBe(2);
    expect((await bango(['number', 'validate'])).code).toBe(2);
    expect((await bango(['no-such-command'])).code).toBe(2);
    expect((await bango(['number', '--help'])).code).toBe(0);
  });
});

describe('bango number issue', () => {
  it('issues valid, distinct numbers with the data folder key, reporting bad lines without their content', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bango-cli-'));
    const file = join(dataDir, 'codes.txt');
    const codes = Array.from({ length: 500 }, (_, i) =>
      ResidentRecordCode.fromBody(String(1_000_000_000 + i * 7)),
    );
    writeFileSync(file, `${codes.join('\n')}\n99999x99999\n`);
    const env = { DATA_DIR: dataDir };
    const first = await bango(['number', 'issue', '--from-resident-codes', file], undefined, env);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('line 501: NUMBERS_NOT_DIGITS');
    expect(first.stderr).not.toContain('99999x99999');
    const numbers = first.stdout.trim().split('\n');
    expect(numbers).toHaveLength(500);
    expect(numbers.every((n) => IndividualNumber.isValid(n))).toBe(true);
    expect(new Set(numbers).size).toBe(500);

    // The same key (kept in the data folder) gives the same numbers; a new generation others.
    const again = await bango(
      ['number', 'issue', '--json', '--from-resident-codes', '-'],
      codes.slice(0, 3).join('\n'),
      env,
    );
    expect(again.code).toBe(0);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).number),
    ).toEqual(numbers.slice(0, 3));
    const next = await bango(
      ['number', 'issue', '--generation', '1', '--from-resident-codes', '-'],
      codes[0]!,
      env,
    );
    expect(next.stdout.trim()).not.toBe(numbers[0]);
    expect(
      (await bango(['number', 'issue', '--generation', '10', '--from-resident-codes', '-'], '', env)).code,
    ).toBe(2);
    expect(
      (await bango(['number', 'issue', '--from-resident-codes', join(dataDir, 'missing')], '', env)).code,
    ).toBe(2);
  });
});
