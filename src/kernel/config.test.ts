import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { DomainError } from './errors.ts';
import { scrubLine } from './log.ts';
import { resolveSecrets } from './secrets.ts';

describe('loadConfig', () => {
  it('has working defaults and resolves the data folder', () => {
    const c = loadConfig({}, {}, '/srv/bango');
    expect(c).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/srv/bango/data',
      corporateRecordsInMemory: true,
    });
    expect(loadConfig({ CORPORATE_RECORDS_IN_MEMORY: 'off' }).corporateRecordsInMemory).toBe(false);
    expect(c.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ BANGO_ENV: 'staging' }, 'BANGO_ENV'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NUMBER_ISSUANCE_KEY: 'abc' }, 'NUMBER_ISSUANCE_KEY'],
    [{ BANGO_ENV: 'production' }, 'NUMBER_ISSUANCE_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CORPORATE_RECORDS_IN_MEMORY: 'yes' }, 'CORPORATE_RECORDS_IN_MEMORY'],
  ])('refuses %o naming %s', (env, variable) => {
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('CONFIG_INVALID');
      expect((e as DomainError).detail).toContain(variable);
    }
  });

  it('command-line overrides win', () => {
    expect(loadConfig({ PORT: '1' }, { port: 2, ephemeral: true })).toMatchObject({
      port: 2,
      ephemeral: true,
    });
  });
});

describe('resolveSecrets', () => {
  it('generates a development key once, keeps it private, and warns', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bango-secrets-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    const warnings: string[] = [];
    const first = resolveSecrets(config, (m) => warnings.push(m));
    const second = resolveSecrets(config, (m) => warnings.push(m));
    expect(first.numberIssuanceKey).toHaveLength(32);
    expect(Buffer.from(second.numberIssuanceKey)).toEqual(Buffer.from(first.numberIssuanceKey));
    expect(warnings).toHaveLength(1);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).numberIssuanceKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses the configured key, and writes nothing when ephemeral', () => {
    const key = 'ab'.repeat(32);
    expect(
      Buffer.from(resolveSecrets(loadConfig({ NUMBER_ISSUANCE_KEY: key })).numberIssuanceKey).toString('hex'),
    ).toBe(key);
    const dataDir = mkdtempSync(join(tmpdir(), 'bango-eph-'));
    const s = resolveSecrets(loadConfig({ DATA_DIR: dataDir }, { ephemeral: true }));
    expect(s.generated).toEqual([
      'NUMBER_ISSUANCE_KEY',
      'CA_KEY_ENCRYPTION_KEY',
      'LINKAGE_CODE_KEY',
      'LINKAGE_NODE_KEY',
    ]);
    expect(() => statSync(join(dataDir, 'secrets.json'))).toThrow();
  });

  it('production never generates keys', () => {
    expect(() => resolveSecrets({ ...loadConfig({}), env: 'production' })).toThrow(DomainError);
  });
});

describe('scrubLine', () => {
  it('removes anything shaped like an Individual Number, and keeps other figures', () => {
    expect(scrubLine('{"url":"/x?n=621498320257&m=6214-9832-0257 ６２１４９８３２０２５７"}')).toBe(
      '{"url":"/x?n=[number]&m=[number] [number]"}',
    );
    expect(scrubLine('{"time":1795359099669,"corp":"7000012050002"}')).toBe(
      '{"time":1795359099669,"corp":"7000012050002"}',
    );
  });
});

describe('README', () => {
  it('documents every variable the config reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { CONFIG_VARIABLES } = await import('./config.ts');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [name, meaning] of Object.entries(CONFIG_VARIABLES)) {
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
      expect(meaning.length).toBeGreaterThan(10);
    }
  });
});
