import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { CHIYODA } from '../../test/support/cards.ts';
import { NumberIssuer } from '../numbers/index.ts';
import type { Contexts } from '../platform/contexts.ts';
import { seedPopulation } from '../registry/bulk.ts';
import { residentialUnits } from '../registry/index.ts';
import { ITEMS, NATIONAL_BODIES } from './catalogue.ts';
import { localGovernmentInstitution } from './codes.ts';
import type { ProviderAnswer, ProviderQuery } from './transport.ts';

const EXCHANGES = 100_000;
const BATCH = 500;
let t: Awaited<ReturnType<typeof testApp>>;
let contexts: Contexts;
let numbers: string[] = [];

beforeAll(async () => {
  t = await testApp();
  contexts = t.contexts;
  await seedPopulation(
    {
      database: contexts.database,
      issuer: new NumberIssuer(new Uint8Array(32).fill(5)),
      clock: contexts.clock,
    },
    { residents: 300, units: residentialUnits().filter((u) => u.code === CHIYODA), seed: 8 },
  );
  const { seedNodes } = await import('./seed.ts');
  await seedNodes(contexts.linkage, contexts.database.db, contexts.clock);
  numbers = (
    await contexts.database.query<{ n: string }>(
      `select i.individual_number as n from registry.residents r join jlis.national_index i using (resident_record_code)
       where r.birth_date between '1962-06-01' and '2000-01-01'`,
    )
  ).map((r) => r.n);
}, 120_000);
afterAll(async () => t?.close());

describe('no leakage across 100,000 exchanges', () => {
  it('no number anywhere on the way or in the core; each institution sees only its own codes', async () => {
    const jps = contexts.linkage.node(NATIONAL_BODIES.find((b) => b.kind === 'pension-service')!.code);
    const chiyoda = contexts.linkage.node(localGovernmentInstitution('municipality', CHIYODA));
    const numberSet = new Set(numbers);
    const leaks: string[] = [];
    const scanNumbers = (where: string, text: string) => {
      for (const m of text.matchAll(/\d{12}/g)) if (numberSet.has(m[0])) leaks.push(`${where}: a number`);
    };
    // Every code each institution holds, from its own map.
    const codesOf = async (schema: string) =>
      new Set(
        (await contexts.database.query<{ code: string }>(`select code from "${schema}".addressees`)).map(
          (r) => r.code,
        ),
      );
    const jpsCodes = await codesOf(jps.store.schema);
    const chiyodaCodes = await codesOf(chiyoda.store.schema);
    // What travels: submissions into the core, queries to the provider, answers back.
    const core = contexts.linkage.core;
    const submit = core.submit.bind(core);
    core.submit = async (jws, options) => {
      const payload = Buffer.from(jws.split('.')[1]!, 'base64url').toString();
      scanNumbers('submission', payload);
      for (const q of JSON.parse(payload).queries)
        if (!jpsCodes.has(q.code)) leaks.push('submission: a foreign code');
      return submit(jws, options);
    };
    const transport = contexts.linkage.transport;
    const deliver = transport.deliver.bind(transport);
    transport.deliver = async (provider, q: ProviderQuery): Promise<ProviderAnswer> => {
      scanNumbers('provider query', JSON.stringify(q));
      if (!chiyodaCodes.has(q.code) || jpsCodes.has(q.code))
        leaks.push('provider query: not the provider’s code');
      const answer = await deliver(provider, q);
      scanNumbers('answer', JSON.stringify(answer));
      return answer;
    };
    let provided = 0;
    for (let done = 0; done < EXCHANGES; done += BATCH * 4) {
      const rounds = await Promise.all(
        Array.from({ length: 4 }, (_, k) =>
          jps.query(
            Array.from({ length: BATCH }, (_, j) => ({
              individualNumber: numbers[(done + k * BATCH + j) % numbers.length]!,
              procedure: 'JM00000000000140',
              provider: chiyoda.code,
              item: ITEMS.localTax,
            })),
          ),
        ),
      );
      provided += rounds.flat().filter((r) => r.outcome === 'provided' && r.answer?.found).length;
    }
    await contexts.linkage.close();
    expect(provided).toBeGreaterThan(EXCHANGES * 0.9);
    // What is kept: the core's records and results, both nodes' records, the captured logs.
    const [coreText] = await contexts.database.query<{ t: string }>(
      `select coalesce(string_agg(r::text, ''), '') as t from linkage.records r`,
    );
    scanNumbers('core records', coreText!.t);
    for (const code of [...jpsCodes].slice(0, 50))
      if (coreText!.t.includes(code)) leaks.push('core records: a code');
    const nodeRecords = async (schema: string) =>
      (
        await contexts.database.query<{ code: string | null }>(
          `select distinct code from "${schema}".records`,
        )
      ).map((r) => r.code);
    for (const code of await nodeRecords(jps.store.schema))
      if (!jpsCodes.has(code!)) leaks.push('JPS records: a foreign code');
    for (const code of await nodeRecords(chiyoda.store.schema))
      if (!chiyodaCodes.has(code!)) leaks.push('Chiyoda records: a foreign code');
    scanNumbers('logs', t.logs.lines.join(''));
    expect([...new Set(leaks)]).toEqual([]);
    const [count] = await contexts.database.query<{ n: number }>(
      'select count(*)::int as n from linkage.records',
    );
    expect(count!.n).toBe(EXCHANGES);
  }, 300_000);
});
