/**
 * A process that sends notices until it is killed (the notice crash test's victim). It
 * opens the database in DATA_DIR, seeds 千代田区 on first start, then has the ward send a
 * notice to all its residents again and again, each under its own idempotency key
 * (`crash-<n>`, counting on from the notices already there), printing `ack <id>` once the
 * send has returned — that is, an acknowledged notice.
 */
import { systemClock } from '../../src/kernel/clock.ts';
import { NumberIssuer } from '../../src/numbers/index.ts';
import { seedPopulation } from '../../src/registry/bulk.ts';
import { residentialUnits } from '../../src/registry/index.ts';
import { openCrashed } from './crash.ts';

const { database, contexts, key } = await openCrashed(process.env.DATA_DIR!, 4);
const [{ n }] = (await database.query<{ n: number }>(
  'select count(*)::int as n from registry.residents',
)) as [{ n: number }];
if (n === 0) {
  await seedPopulation(
    { database, issuer: new NumberIssuer(key), clock: systemClock },
    { residents: 20_000, units: residentialUnits().filter((u) => u.code === '131016'), seed: 5 },
  );
}
await contexts.linkage.joinLocalGovernment('131016');
const admin = {
  id: 'crash',
  kind: 'operator' as const,
  displayName: 'crash',
  roles: [{ role: 'system-administrator' as const, organisation: '*' }],
};
const [{ sent }] = (await database.query<{ sent: number }>(
  'select count(*)::int as sent from portal.notices',
)) as [{ sent: number }];
process.stdout.write('ready\n');
for (let i = sent; i < sent + 1000; i++) {
  const notice = await contexts.portal.notices.send(
    admin,
    '1013101600000000',
    { category: 'general', title: `お知らせ ${i}`, body: '本文', audience: { kind: 'attributes' } },
    `crash-${i}`,
  );
  process.stdout.write(`ack ${notice.id}\n`);
}
