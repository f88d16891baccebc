import { randomBytes } from 'node:crypto';
import type { Clock } from '../kernel/clock.ts';
import { type CopyBatch, type Database, deferSecondaryIndexes } from '../kernel/db.ts';
import { uuidv7Batch } from '../kernel/ids.ts';
import { type NumberIssuer, ResidentRecordCode } from '../numbers/index.ts';
import { substituteFlags } from './fields.ts';
import { japanDate } from './model.ts';
import type { Municipality } from './municipalities.ts';
import { kanaKey, kanjiKey } from './name-keys.ts';
import { households, type SyntheticHousehold } from './population.ts';

/**
 * Bulk registration of a synthetic population: the same rows a birth filing writes
 * (resident, household, index entry with an issued number, first event), built in
 * memory and loaded with COPY in batches. Each batch is one transaction.
 */
export interface SeedOptions {
  residents: number;
  units: readonly Municipality[];
  seed: number;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

export interface SeedResult {
  residents: number;
  households: number;
  seconds: number;
}

const RESIDENT_COLUMNS = [
  'id',
  'resident_record_code',
  'family_name',
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'name_flags',
  'birth_date',
  'sex',
  'municipality_code',
  'address',
  'address_flags',
  'postal_code',
  'household_id',
  'relationship',
  'status',
  'moving_to',
  'moving_on',
  'kana_key',
  'kanji_key',
  'version',
  'updated_at',
] as const;

const MAX_IN_FLIGHT = 2;

export async function seedPopulation(
  deps: { database: Database; issuer: NumberIssuer; clock: Clock },
  opts: SeedOptions,
): Promise<SeedResult> {
  const started = process.hrtime.bigint();
  const { database, issuer, clock } = deps;
  const now = clock.now();
  const taken = new Set(
    (await database.query<{ c: string }>('select resident_record_code as c from jlis.national_index')).map(
      (r) => r.c,
    ),
  );
  const stream = households({ units: opts.units, seed: opts.seed, today: japanDate(now) });
  // Into an empty register, secondary indexes are built once at the end rather than
  // row by row (the classic bulk-load order); they are rebuilt even if the load fails.
  const result =
    taken.size === 0 && opts.residents >= 100_000
      ? await deferSecondaryIndexes(database, 'registry', ['residents', 'events'], load)
      : await load();
  // Fresh statistics, or the planner guesses from an empty table's and picks scans.
  await database.query(
    'analyze registry.residents, registry.households, registry.events, jlis.national_index',
  );
  // Measured after the indexes are back: the register is usable only then.
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };

  async function load(): Promise<Omit<SeedResult, 'seconds'>> {
    const batchSize = opts.batchSize ?? 20_000;
    let done = 0;
    let loaded = 0;
    let householdCount = 0;
    // Batches in flight at once, each on its own connection and in its own transaction.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    // Names and addresses repeat across a population: derive their keys and flags once.
    const memo = <T>(f: (s: string) => T) => {
      const cache = new Map<string, T>();
      return (s: string) => {
        let v = cache.get(s);
        if (v === undefined) {
          v = f(s);
          if (cache.size < 200_000) cache.set(s, v);
        }
        return v;
      };
    };
    const flags = memo(substituteFlags);
    const kana = memo(kanaKey);
    const kanji = memo(kanjiKey);
    while (done < opts.residents) {
      const batch: SyntheticHousehold[] = [];
      let people = 0;
      while (people < Math.min(batchSize, opts.residents - done)) {
        const h = stream.next().value as SyntheticHousehold;
        const room = opts.residents - done - people;
        if (h.members.length > room) h.members.length = room;
        batch.push(h);
        people += h.members.length;
      }
      const codes = newCodes(people, taken);
      const numbers = issuer.issueMany(codes);
      const ids = uuidv7Batch(people + batch.length, now.getTime() + done);
      let nextId = 0;
      const residentRows: unknown[][] = [];
      const householdRows: unknown[][] = [];
      const indexRows: unknown[][] = [];
      const eventRows: unknown[][] = [];
      let k = 0;
      for (const h of batch) {
        const householdId = ids[nextId++]!;
        let headId: string | null = null;
        for (const m of h.members) {
          const id = ids[nextId++]!;
          headId ??= id;
          const code = codes[k]!;
          const number = numbers[k]!;
          k++;
          const row = {
            id,
            familyName: m.familyName,
            givenName: m.givenName,
            familyNameKana: m.familyNameKana,
            givenNameKana: m.givenNameKana,
            nameFlags: flags(`${m.familyName}\u3000${m.givenName}`),
            birthDate: m.birthDate,
            sex: m.sex,
            municipalityCode: h.municipalityCode,
            address: h.address,
            addressFlags: flags(h.address),
            householdId,
            relationship: m.relationship,
            status: 'resident',
            movingTo: null,
            movingOn: null,
            version: 1,
            updatedAt: now.toISOString(),
          };
          residentRows.push([
            id,
            code,
            row.familyName,
            row.givenName,
            row.familyNameKana,
            row.givenNameKana,
            row.nameFlags,
            row.birthDate,
            row.sex,
            row.municipalityCode,
            row.address,
            row.addressFlags,
            h.postalCode,
            householdId,
            row.relationship,
            'resident',
            null,
            null,
            kana(row.familyNameKana + row.givenNameKana),
            kanji(row.familyName + row.givenName),
            1,
            now,
          ]);
          indexRows.push([code, number, 0, h.municipalityCode, now]);
          eventRows.push([id, 'birth', h.municipalityCode, m.birthDate, now, 'seed', false, row, []]);
        }
        householdRows.push([householdId, h.municipalityCode, headId, now]);
      }
      const batches: CopyBatch[] = [
        {
          table: 'registry.households',
          columns: ['id', 'municipality_code', 'head_resident_id', 'created_at'],
          rows: householdRows,
        },
        { table: 'registry.residents', columns: RESIDENT_COLUMNS, rows: residentRows },
        {
          table: 'jlis.national_index',
          columns: [
            'resident_record_code',
            'individual_number',
            'generation',
            'municipality_code',
            'issued_at',
          ],
          rows: indexRows,
        },
        {
          table: 'registry.events',
          columns: [
            'resident_id',
            'kind',
            'municipality_code',
            'effective_date',
            'filed_at',
            'recorded_by',
            'late_filing',
            'after',
            'changed_facts',
          ],
          rows: eventRows,
        },
      ];
      // The database works on earlier batches while the next is built (a server runs
      // them in other processes, so the work spreads over the cores).
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      if (failure) throw failure;
      const count = people;
      const copy: Promise<void> = database.copyRows(batches).then(
        () => {
          inFlight.delete(copy);
          loaded += count;
          opts.onProgress?.(loaded);
        },
        (e: unknown) => {
          inFlight.delete(copy);
          failure ??= e;
        },
      );
      inFlight.add(copy);
      done += people;
      householdCount += batch.length;
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    return { residents: done, households: householdCount };
  }
}

/** Resident record codes: 10 random digits + check digit, unused so far. */
function newCodes(n: number, taken: Set<string>): ResidentRecordCode[] {
  const out: ResidentRecordCode[] = [];
  while (out.length < n) {
    const bytes = randomBytes(8 * (n - out.length + 16));
    for (let i = 0; i + 8 <= bytes.length && out.length < n; i += 8) {
      const body = (bytes.readBigUInt64BE(i) % 10_000_000_000n).toString().padStart(10, '0');
      const code = ResidentRecordCode.fromBody(body);
      if (taken.has(code)) continue;
      taken.add(code);
      out.push(code);
    }
  }
  return out;
}
