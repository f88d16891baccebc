import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCrashed, runAndKill } from '../../test/support/crash.ts';
import { ROOT_DIR } from '../platform/web-build.ts';

const WORKER = join(ROOT_DIR, 'test', 'support', 'notice-crash-worker.ts');

describe('notices killed in the middle of delivery', () => {
  it('after each restart the next tick finishes every notice: nobody missed, nobody twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bango-notice-crash-'));
    const acked: string[] = [];
    let interrupted = 0;
    for (const afterMs of [900, 1700, 2600]) {
      acked.push(...(await runAndKill(WORKER, dataDir, afterMs, 180_000)));
      const { database, contexts } = await openCrashed(dataDir, 4);
      try {
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
