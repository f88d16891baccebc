import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bango } from '../../test/support/cli.ts';
import { ROOT_DIR } from '../platform/web-build.ts';
import { ITEMS, PROCEDURE } from './catalogue.ts';

const BIN = join(ROOT_DIR, 'bin', 'bango.js');
const SHINJUKU = '1013104100000000';
const CHIYODA = '1013101600000000';
const children: ChildProcess[] = [];

/** Starts `bango serve …` and resolves once it printed each of `wanted` (label → value). */
function serve(args: string[], env: Record<string, string>, wanted: RegExp[]): Promise<string[]> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const found = wanted.map((w) => w.exec(out)?.[1]);
      if (found.every(Boolean)) {
        clearTimeout(timer);
        resolve(found as string[]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', () => reject(new Error(`ended: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

describe('bango serve --role core and --role node: the network across processes', () => {
  it('a node in its own process and database asks the core’s node, until its certificate is revoked', async () => {
    const coreEnv = { DATA_DIR: mkdtempSync(join(tmpdir(), 'bango-core-')) };
    const [web, network] = await serve(
      ['--role', 'core', '--port', '0', '--network-port', '0', '--no-demo'],
      coreEnv,
      [/Web:\s+(\S+)\//, /Network:\s+(\S+)/],
    );
    expect(web).toMatch(/^http:/);
    expect(
      (await bango(['registry', 'seed', '--residents', '40', '--municipalities', '131016'], coreEnv)).code,
    ).toBe(0);
    const tlsDir = mkdtempSync(join(tmpdir(), 'bango-node-tls-'));
    const issued = await bango(
      ['linkage', 'tls', 'issue', '--institution', SHINJUKU, '--name', '新宿区', '--dir', tlsDir],
      coreEnv,
    );
    expect(issued.code).toBe(0);
    const { serial } = JSON.parse(issued.stdout);

    const nodeEnv = { DATA_DIR: mkdtempSync(join(tmpdir(), 'bango-node-')) };
    const [api] = await serve(
      ['--role', 'node', '--institution', SHINJUKU, '--name', '新宿区', '--kind', 'municipality'].concat([
        '--local-government',
        '131041',
        '--core',
        network!,
        '--tls-dir',
        tlsDir,
        '--port',
        '0',
        '--network-port',
        '0',
      ]),
      nodeEnv,
      [/API:\s+(\S+)/],
    );
    const token = readFileSync(join(nodeEnv.DATA_DIR, 'node-token'), 'utf8').trim();
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          results: Array<Record<string, unknown>>;
          error: { code: string };
        },
      };
    };
    const people = (await bango(['registry', 'list', '--limit', '40', '--reveal-numbers'], coreEnv)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const adult = people.find(
      (p) => Number(p.birthDate.slice(0, 4)) < 2000 && Number(p.birthDate.slice(0, 4)) > 1962,
    );
    expect(
      (await call('/addressees', { addressee: 'S1', individualNumber: adult.individualNumber })).status,
    ).toBe(200);
    const query = {
      queries: [
        {
          addressee: 'S1',
          procedure: PROCEDURE.childAllowance,
          provider: CHIYODA,
          item: ITEMS.localTax,
          fiscalYear: new Date().getFullYear() - (new Date().getMonth() < 5 ? 2 : 1),
        },
      ],
    };
    const asked = await call('/queries', query);
    expect(asked.body.results[0]).toMatchObject({ outcome: 'provided', answer: { found: true } });
    expect((await call('/queries', { queries: [] })).status).toBeLessThan(500);
    const noToken = await fetch(`${api}/records`);
    expect(noToken.status).toBe(401);

    // Revoked: the core drops the node's connection and refuses the next handshake's request.
    expect((await bango(['linkage', 'tls', 'revoke', '--serial', serial], coreEnv)).code).toBe(0);
    const after = await call('/queries', query);
    expect(after.status).toBe(503);
    expect(after.body.error.code).toBe('LINKAGE_PEER_UNREACHABLE');
    const verified = await bango(['log', 'verify'], coreEnv);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, records: 1 });
  }, 240_000);
});
