import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_ERRORS } from './errors.ts';
import { ROOT_DIR } from './platform/web-build.ts';

describe('docs/errors.md', () => {
  const doc = readFileSync(join(ROOT_DIR, 'docs', 'errors.md'), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => ({
    code: m[1]!,
    status: Number(m[2]),
    message: m[3]!.trim(),
  }));

  it('lists exactly the codes that exist, once each, with their status and message', () => {
    const documented = rows.map((r) => r.code).sort();
    expect(new Set(documented).size).toBe(documented.length);
    expect(documented).toEqual(ALL_ERRORS.map((e) => e.code).sort());
    for (const e of ALL_ERRORS) {
      expect(rows.find((r) => r.code === e.code)).toEqual({
        code: e.code,
        status: e.status,
        message: e.message,
      });
    }
  });

  it('codes are unique across contexts', () => {
    const codes = ALL_ERRORS.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
