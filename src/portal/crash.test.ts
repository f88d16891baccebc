import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../kernel/clock.ts';
import { migrate, openDatabase } from '../kernel/db.ts';
import { cryptoRandom } from '../kernel/random.ts';
import { FileKeyStore } from '../pki/keystore.ts';
import { createContexts } from '../platform/contexts.ts';
import { ROOT_DIR } from '../platform/web-build.ts';

const WORKER = join(ROOT_DIR, 'test', 'support', 'notice-crash-worker.ts');

/** Runs the worker, kills it (SIGKILL) `afterMs` after it is ready; returns the acknowledged notices. */
function runAndKill(dataDir: string, afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: string[] = [];
    let buffer = '';
    let stderr = '';
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), afterMs);
        else if (line.startsWith('ack ')) acks.push(line.slice(4));
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(watchdog);
      if (signal !== 'SIGKILL') reject(new Error(`worker ended without being killed: ${stderr.slice(-500)}`));
      else resolve(acks);
    });
  });
}

describe('notices killed in the middle of delivery', () => {
  it('after each restart the next tick finishes every notice: nobody missed, nobody twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bango-notice-crash-'));
    const acked: string[] = [];
    let interrupted = 0;
    for (const afterMs of [900, 1700, 2600]) {
      acked.push(...(await runAndKill(dataDir, afterMs)));
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        await migrate(database);
        const key = new Uint8Array(32).fill(4);
        const contexts = await createContexts({
          database,
          clock: systemClock,
          random: cryptoRandom,
          secrets: { numberIssuanceKey: key, linkageCodeKey: key, linkageNodeKey: key },
          keyStore: new FileKeyStore(join(dataDir, 'keys'), key),
        });
        const [{ left }] = (await database.query<{ left: number }>(
          `select count(*)::int as left from portal.notices where status <> 'sent'`,
        )) as [{ left: number }];
        interrupted += left;
        await contexts.portal.tick(); // what the restarted platform's scheduler does first
        const [{ people }] = (await database.query<{ people: number }>(
          `select count(*)::int as people from registry.residents where municipality_code = '131016' and status = 'resident'`,
        )) as [{ people: number }];
        const notices = await database.query<{ id: string; status: string; delivered: number; rows: number }>(
          `select n.id::text, n.status, n.delivered,
                  (select count(*)::int from portal.inbox i where i.notice_id = n.id) as rows
           from portal.notices n`,
        );
        expect(notices.filter((x) => x.status !== 'sent')).toEqual([]);
        expect(notices.filter((x) => x.rows !== people || x.delivered !== people)).toEqual([]);
        const ids = new Set(notices.map((x) => x.id));
        expect(acked.filter((id) => !ids.has(id))).toEqual([]);
        const [{ dupes }] = (await database.query<{ dupes: number }>(
          `select count(*)::int as dupes from (select 1 from portal.inbox group by resident_id, notice_id having count(*) > 1) d`,
        )) as [{ dupes: number }];
        expect(dupes).toBe(0);
        contexts.follower.stop();
        await contexts.linkage.close();
      } finally {
        await database.close();
      }
    }
    expect(acked.length).toBeGreaterThan(3);
    // The kills did land mid-delivery: some notice was left to the restart to finish.
    expect(interrupted).toBeGreaterThan(0);
  }, 400_000);
});
