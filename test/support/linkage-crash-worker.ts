/**
 * A process that runs exchanges until it is killed (the crash test's victim). It opens
 * the database in DATA_DIR (or DATABASE_URL), seeds on first start, then has the pension
 * service ask Chiyoda for local tax in submissions of 20, printing `ack <pn>` for each
 * query whose result it was handed — that is, an acknowledged exchange.
 */
import { systemClock } from '../../src/kernel/clock.ts';
import { ITEMS, NATIONAL_BODIES } from '../../src/linkage/catalogue.ts';
import { localGovernmentInstitution } from '../../src/linkage/codes.ts';
import { seedNodes } from '../../src/linkage/seed.ts';
import { NumberIssuer } from '../../src/numbers/index.ts';
import { seedPopulation } from '../../src/registry/bulk.ts';
import { residentialUnits } from '../../src/registry/index.ts';
import { openCrashed } from './crash.ts';

const { database, contexts, key } = await openCrashed(process.env.DATA_DIR!, 9, process.env.DATABASE_URL);
const [{ n }] = (await database.query<{ n: number }>(
  'select count(*)::int as n from registry.residents',
)) as [{ n: number }];
if (n === 0) {
  await seedPopulation(
    { database, issuer: new NumberIssuer(key), clock: systemClock },
    { residents: 60, units: residentialUnits().filter((u) => u.code === '131016'), seed: 4 },
  );
  await seedNodes(contexts.linkage, database.db, systemClock);
}
const numbers = (
  await database.query<{ n: string }>(
    `select i.individual_number as n from registry.residents r join jlis.national_index i using (resident_record_code)
     where r.birth_date between (current_date - interval '60 years') and (current_date - interval '25 years')`,
  )
).map((r) => r.n);
const jps = contexts.linkage.node(NATIONAL_BODIES.find((b) => b.kind === 'pension-service')!.code);
const chiyoda = localGovernmentInstitution('municipality', '131016');
process.stdout.write('ready\n');
for (let round = 0; round < 100_000; round++) {
  await Promise.all(
    Array.from({ length: 4 }, async (_, k) => {
      const results = await jps.query(
        Array.from({ length: 20 }, (_, j) => ({
          individualNumber: numbers[(round * 80 + k * 20 + j) % numbers.length]!,
          procedure: 'JM00000000000140',
          provider: chiyoda,
          item: ITEMS.localTax,
        })),
      );
      process.stdout.write(results.map((r) => `ack ${r.processingNumber}\n`).join(''));
    }),
  );
}
