import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { fixedClock } from '../kernel/clock.ts';
import { CurrentRecords } from './current-records.ts';
import type { CorporationVersion } from './model.ts';
import { parseChange } from './operations.ts';
import { loadVersions, realCorporations } from './seed.ts';
import { CorporateService } from './service.ts';
import { CorporateStore } from './store.ts';

describeOnEngines('records in memory', (db) => {
  it('reads itself afresh once the versions read one by one pass its rule, dropping superseded ones', async () => {
    await loadVersions(db(), [realCorporations().slice(0, 200)]);
    const clock = fixedClock('2026-11-20T03:00:00Z');
    const records = new CurrentRecords(new CorporateStore(db()), () => clock.now().getTime(), {
      share: 0,
      atLeast: 3,
    });
    expect(await records.warm()).toBe(true);
    const built = records.held.records;
    expect(built).toBeGreaterThan(150);
    // Four renamed: four new versions, read one by one when a page asks for them.
    const service = new CorporateService(db(), clock);
    const numbers = realCorporations()
      .slice(0, 4)
      .map((v) => v.corporateNumber);
    for (const n of numbers) {
      await service.record(
        n,
        parseChange({ process: '11', changeDate: '2026-11-20', name: `改名${n}株式会社` }),
      );
    }
    const ids = async () =>
      (
        await db().query<{ id: string }>(
          `select id from corporate.versions where latest and corporate_number = any($1) order by corporate_number`,
          [numbers],
        )
      ).map((r) => Number(r.id));
    const names = async () =>
      ((await records.page(await ids(), 'records', 1)) as CorporationVersion[]).map((r) => r.name);
    expect(await names()).toEqual([...numbers].sort().map((n) => `改名${n}株式会社`));
    expect(records.held.records).toBe(built + 4);
    // Past three read one by one: the next page starts a build, which swaps in without the old four.
    await names();
    for (let tries = 0; tries < 100 && records.held.records !== built; tries++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(records.held.records).toBe(built);
    expect(await names()).toEqual([...numbers].sort().map((n) => `改名${n}株式会社`));
  });
});
