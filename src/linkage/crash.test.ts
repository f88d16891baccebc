import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAndKill } from '../../test/support/crash.ts';
import { systemClock } from '../kernel/clock.ts';
import { migrate, openDatabase } from '../kernel/db.ts';
import { FileKeyStore } from '../pki/keystore.ts';
import { ROOT_DIR } from '../platform/web-build.ts';
import { TransparencyLog } from './log.ts';
import { verifyLog } from './log-verify.ts';

const WORKER = join(ROOT_DIR, 'test', 'support', 'linkage-crash-worker.ts');

describe('killed in the middle of exchanges', () => {
  it('after each restart, every acknowledged exchange has its records and the log verifies', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bango-crash-'));
    const acked: string[] = [];
    for (const afterMs of [700, 1500, 2300]) {
      acked.push(...(await runAndKill(WORKER, dataDir, afterMs)));
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        await migrate(database);
        const core = new Set(
          (await database.query<{ pn: string }>('select processing_number as pn from linkage.records')).map(
            (r) => r.pn,
          ),
        );
        const nodeRows = await database.query<{ pn: string; role: string }>(
          `select processing_number as pn, role from "node_3000000000000001".records
           union all select processing_number, role from "node_1013101600000000".records`,
        );
        const requested = new Set(nodeRows.filter((r) => r.role === 'request').map((r) => r.pn));
        const provided = new Set(nodeRows.filter((r) => r.role === 'provision').map((r) => r.pn));
        const lacking = acked.filter((pn) => !core.has(pn) || !requested.has(pn) || !provided.has(pn));
        expect(lacking).toEqual([]);
        const log = await TransparencyLog.open(
          database.db,
          systemClock,
          new FileKeyStore(join(dataDir, 'keys'), new Uint8Array(32).fill(9)),
        );
        expect(await verifyLog(database.db, log.publicKey)).toMatchObject({ ok: true, problems: [] });
      } finally {
        await database.close();
      }
    }
    expect(acked.length).toBeGreaterThan(100);
  }, 300_000);
});
