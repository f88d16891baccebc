import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import type { InstitutionCode } from './codes.ts';
import { NodeStore } from './node-store.ts';

const CODE = '1013101600000000' as InstitutionCode;

describeOnEngines('a node’s own store', (db) => {
  it('brings a schema made before versions (no meta table) up to date, keeping its copies', async () => {
    // What the first release created, with one copy in it.
    const s = `"node_${CODE}"`;
    for (const ddl of [
      `create schema ${s}`,
      `create table ${s}.addressees (addressee_number text primary key, code char(22) not null unique,
         number_digest char(64) not null unique, enrolled_at timestamptz not null)`,
      `create table ${s}.copies (code char(22) not null, item char(16) not null, period text not null,
         layout_version integer not null, data jsonb not null, not_disclosed boolean not null,
         updated_at timestamptz not null, primary key (code, item, period))`,
      `create table ${s}.records (id bigserial primary key, processing_number text not null, role text not null,
         code char(22), counterpart char(16) not null, procedure char(16) not null, item char(16) not null,
         requested_at timestamptz(3) not null, answered_at timestamptz(3), outcome text not null, refusal text)`,
      `insert into ${s}.copies values ('${'c'.repeat(22)}', 'TM00000000000001', '', 1, '{"householdSize": 2}',
         false, now())`,
    ])
      await db().query(ddl);
    const store = new NodeStore(db().db, CODE);
    await store.ensure();
    await store.ensure(); // a second start finds it whole and does nothing
    const [meta] = await db().query<{ version: number }>(`select version from ${s}.meta`);
    expect(meta!.version).toBe(2);
    const [copy] = await store.copies([
      { code: 'c'.repeat(22), item: 'TM00000000000001', period: '', day: '2026-12-02' },
    ]);
    expect(copy).toMatchObject({ validFrom: '0001-01-01', data: { householdSize: 2 } });
    // Records now carry the step; those past 7 years can be forgotten.
    await store.appendRecords([
      {
        processingNumber: 'pn-1',
        role: 'provision',
        code: 'c'.repeat(22),
        counterpart: '1013104100000000' as InstitutionCode,
        procedure: 'JM00000000000010',
        step: 'JT00000000001001',
        item: 'TM00000000000001',
        requestedAt: new Date('2019-01-01T00:00:00Z'),
        answeredAt: null,
        outcome: 'provided',
        refusal: null,
      },
    ]);
    expect((await store.records({ limit: 5 }))[0]!.step).toBe('JT00000000001001');
    expect(await store.forgetRecordsBefore(new Date('2019-12-02T00:00:00Z'))).toBe(1);
    await db().db.execute(sql.raw(`drop schema ${s} cascade`));
  });
});
