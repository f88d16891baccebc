import type { Actor } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Database } from '../kernel/db.ts';
import { auditLog } from '../kernel/schema.ts';
import { IndividualNumber } from '../numbers/index.ts';
import { japanDate } from './model.ts';

/**
 * Operator views of the whole register: counts, a consistency check, a listing. They
 * read with SQL over all rows, so they run as the operator, never for a clerk.
 */
export async function registryStats(database: Database, clock: Clock) {
  const today = japanDate(clock.now());
  const byStatus = await database.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from registry.residents group by status order by status',
  );
  const byPrefecture = await database.query<{ prefecture: string; n: number }>(
    `select substr(municipality_code, 1, 2) as prefecture, count(*)::int as n from registry.residents
     where status = 'resident' group by 1 order by 1`,
  );
  const byAge = await database.query<{ band: string; n: number }>(
    `select case when a < 15 then '0-14' when a < 65 then '15-64' else '65+' end as band, count(*)::int as n
     from (select extract(year from age($1::date, birth_date))::int as a from registry.residents where status = 'resident') t
     group by 1 order by 1`,
    [today],
  );
  const [numbers] = await database.query<{ issued: number; retired: number }>(
    `select (select count(*)::int from jlis.national_index) as issued,
            (select count(*)::int from jlis.retired_numbers) as retired`,
  );
  const [hh] = await database.query<{ n: number }>('select count(*)::int as n from registry.households');
  return {
    residents: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    households: hh?.n ?? 0,
    byPrefecture: Object.fromEntries(byPrefecture.map((r) => [r.prefecture, r.n])),
    byAgeBand: Object.fromEntries(byAge.map((r) => [r.band, r.n])),
    numbersIssued: numbers?.issued ?? 0,
    numbersRetired: numbers?.retired ?? 0,
  };
}

export interface Problem {
  check: string;
  count: number;
  /** A few record ids to look at; never numbers or resident record codes. */
  examples: string[];
}

/**
 * Checks what must always hold. Each check is one query that returns offending ids.
 */
const CHECKS: ReadonlyArray<readonly [string, string]> = [
  [
    'every resident has exactly one index entry',
    `select r.id::text from registry.residents r left join jlis.national_index i
       on i.resident_record_code = r.resident_record_code where i.resident_record_code is null`,
  ],
  [
    'index entries belong to a resident',
    `select i.resident_record_code from jlis.national_index i left join registry.residents r
       on r.resident_record_code = i.resident_record_code where r.id is null`,
  ],
  [
    'a current resident has a household at the same municipality',
    `select r.id::text from registry.residents r left join registry.households h on h.id = r.household_id
     where r.status = 'resident' and (h.id is null or h.municipality_code <> r.municipality_code)`,
  ],
  [
    'a current resident has an address',
    `select id::text from registry.residents where status = 'resident' and length(address) = 0`,
  ],
  [
    'the index follows current residents to their municipality',
    `select r.id::text from registry.residents r join jlis.national_index i on i.resident_record_code = r.resident_record_code
     where r.status = 'resident' and i.municipality_code <> r.municipality_code`,
  ],
  [
    'a household head lives in the household',
    `select h.id::text from registry.households h join registry.residents r on r.id = h.head_resident_id
     where r.household_id is distinct from h.id`,
  ],
  [
    'every record has a history whose length is its version',
    `select r.id::text from registry.residents r left join
       (select resident_id, count(*) as n from registry.events group by resident_id) e on e.resident_id = r.id
     where coalesce(e.n, 0) <> r.version`,
  ],
  [
    'no retired number is in use',
    `select i.resident_record_code from jlis.national_index i join jlis.retired_numbers x
       on x.individual_number = i.individual_number`,
  ],
];

export async function verifyRegistry(database: Database): Promise<{ checked: number; problems: Problem[] }> {
  const problems: Problem[] = [];
  for (const [check, sql] of CHECKS) {
    const rows = await database.query<Record<string, string>>(
      `select count(*) over () as total, q.* from (${sql}) q limit 5`,
    );
    if (rows.length > 0) {
      const first = rows[0]!;
      problems.push({ check, count: Number(first.total), examples: rows.map((r) => Object.values(r)[1]!) });
    }
  }
  // Numbers: valid check digits, and unique (the unique index guarantees it; we look anyway).
  const bad: string[] = [];
  let lastSeen = '';
  let total = 0;
  for (;;) {
    const page = await database.query<{ n: string; c: string }>(
      'select individual_number as n, resident_record_code as c from jlis.national_index where resident_record_code > $1 order by resident_record_code limit 50000',
      [lastSeen],
    );
    if (page.length === 0) break;
    for (const r of page) if (!IndividualNumber.isValid(r.n)) bad.push(r.c.slice(-4));
    total += page.length;
    lastSeen = page.at(-1)!.c;
  }
  if (bad.length)
    problems.push({ check: 'every number has a valid check digit', count: bad.length, examples: [] });
  const [dups] = await database.query<{ n: number }>(
    'select count(*)::int as n from (select individual_number from jlis.national_index group by 1 having count(*) > 1) d',
  );
  if ((dups?.n ?? 0) > 0) problems.push({ check: 'numbers are unique', count: dups!.n, examples: [] });
  const [residents] = await database.query<{ n: number }>(
    'select count(*)::int as n from registry.residents',
  );
  return { checked: Math.max(total, residents?.n ?? 0), problems };
}

export interface ListOptions {
  municipalityCode?: string;
  limit: number;
  revealNumbers: boolean;
}

/** One object per resident; numbers only when asked, and then the reveal is audited. */
export async function listResidents(database: Database, clock: Clock, actor: Actor, opts: ListOptions) {
  const rows = await database.query<Record<string, string>>(
    `select r.id, r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.birth_date::text as birth_date,
            r.sex, r.municipality_code, r.status, i.individual_number
     from registry.residents r left join jlis.national_index i on i.resident_record_code = r.resident_record_code
     where ($1::text is null or r.municipality_code = $1) order by r.municipality_code, r.kana_key, r.id limit $2`,
    [opts.municipalityCode ?? null, opts.limit],
  );
  if (opts.revealNumbers) {
    await database.db.insert(auditLog).values({
      at: clock.now(),
      actor: actor.id,
      action: 'registry.list-reveal-numbers',
      detail: { count: rows.length, municipalityCode: opts.municipalityCode ?? null },
    });
  }
  return rows.map((r) => ({
    id: r.id,
    familyName: r.family_name,
    givenName: r.given_name,
    familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana,
    birthDate: r.birth_date,
    sex: r.sex,
    municipalityCode: r.municipality_code,
    status: r.status,
    ...(opts.revealNumbers && r.individual_number ? { individualNumber: r.individual_number } : {}),
  }));
}
