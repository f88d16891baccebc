import { describe, expect, it } from 'vitest';
import { seededRandom } from '../kernel/random.ts';
import {
  ALL_PROCEDURES,
  INSTITUTION_KINDS,
  type InstitutionKind,
  ITEMS,
  initialPermissionRows,
} from './catalogue.ts';
import type { InstitutionCode, ItemCode, ProcedureCode, StepCode } from './codes.ts';
import { type PartyRef, type PermissionRow, PermissionTable, parsePermissionRows } from './permissions.ts';

const rng = seededRandom(2026);
const pick = <T>(xs: readonly T[]): T => xs[rng.bytes(4).reduce((a, b) => a * 256 + b, 0) % xs.length]!;
const day = () =>
  `${pick(['2016', '2017', '2018', '2024', '2031'])}-${pick(['01', '06', '11', '12'])}-${pick(['01', '12', '13', '28'])}`;

const institutions: PartyRef[] = INSTITUTION_KINDS.flatMap((kind, k) =>
  [1, 2, 3].map((n) => ({
    kind,
    code: `${String(k).padStart(2, '0')}${String(n).padStart(14, '0')}` as InstitutionCode,
  })),
);
const procedures = [...ALL_PROCEDURES.map((p) => p.code), 'JM99999999999999' as ProcedureCode];
const items = [...Object.values(ITEMS), 'TM99999999999999' as ItemCode];
const steps = [...ALL_PROCEDURES.flatMap((p) => p.steps.map((s) => s.code)), 'JT99999999999999' as StepCode];
/** Half the time one of the procedure's own steps, so the permitted corner is reached. */
const stepFor = (procedure: ProcedureCode): StepCode => {
  const own = ALL_PROCEDURES.find((p) => p.code === procedure)?.steps;
  return own && rng.bytes(1)[0]! < 128 ? pick(own).code : pick(steps);
};

describe('the permission engine', () => {
  it('over 1,000,000 random tuples: permits exactly what seed 001’s table lists, from its start date', () => {
    // The oracle is written from the catalogue directly, not through the engine's rows.
    const allowed = new Set<string>();
    for (const p of ALL_PROCEDURES)
      for (const r of p.requesters)
        for (const [item, provider] of p.asks)
          for (const step of p.steps) allowed.add(`${r}|${p.code}|${step.code}|${provider}|${item}`);
    const table = new PermissionTable(1, initialPermissionRows('2017-11-13'));
    let permitted = 0;
    let wrong = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const requester = pick(institutions);
      const provider = pick(institutions);
      const procedure = pick(procedures);
      const step = stepFor(procedure);
      const item = pick(items);
      const on = day();
      const expected =
        on >= '2017-11-13' && allowed.has(`${requester.kind}|${procedure}|${step}|${provider.kind}|${item}`);
      const got = table.permits({ requester, provider, procedure, step, item, on });
      if (got !== expected) wrong++;
      if (got) permitted++;
    }
    expect(wrong).toBe(0);
    expect(permitted).toBeGreaterThan(1000); // the sample reaches the permitted corner too
  });

  it('over random tables with institution rows and end dates: agrees with a plain scan', () => {
    for (let t = 0; t < 50; t++) {
      const rows: PermissionRow[] = Array.from({ length: 40 }, () => {
        const from = day();
        const to = rng.bytes(1)[0]! < 100 ? null : `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
        const party = () => {
          const who = pick(institutions);
          return rng.bytes(1)[0]! < 128 ? { kind: who.kind } : { institution: who.code };
        };
        const procedure = pick(procedures);
        return {
          requester: party(),
          procedure,
          steps: rng.bytes(1)[0]! < 100 ? null : [stepFor(procedure), stepFor(procedure)],
          provider: party(),
          item: pick(items),
          from,
          to,
        };
      });
      const table = new PermissionTable(1, rows);
      for (let i = 0; i < 4000; i++) {
        const procedure = pick(procedures);
        const q = {
          requester: pick(institutions),
          provider: pick(institutions),
          procedure,
          step: stepFor(procedure),
          item: pick(items),
          on: day(),
        };
        const scan = rows.some((r) => {
          const req =
            'kind' in r.requester
              ? r.requester.kind === q.requester.kind
              : r.requester.institution === q.requester.code;
          const prov =
            'kind' in r.provider
              ? r.provider.kind === q.provider.kind
              : r.provider.institution === q.provider.code;
          return (
            req &&
            prov &&
            r.procedure === q.procedure &&
            (!r.steps || r.steps.includes(q.step)) &&
            r.item === q.item &&
            r.from <= q.on &&
            (!r.to || q.on < r.to)
          );
        });
        expect(table.permits(q)).toBe(scan);
      }
    }
  });

  it('takes a new table only whole: a bad row names itself and nothing is taken', () => {
    const good = initialPermissionRows('2020-01-01');
    expect(parsePermissionRows(JSON.parse(JSON.stringify(good)))).toHaveLength(good.length);
    const bad = [...good, { ...good[0], provider: { kind: 'bank' as InstitutionKind } }];
    expect(() => parsePermissionRows(bad)).toThrow(
      expect.objectContaining({
        code: 'LINKAGE_PERMISSIONS_INVALID',
        extra: { field: `row ${good.length} provider` },
      }),
    );
    expect(() => parsePermissionRows([{ ...good[0], to: '2019-01-01' }])).toThrow(
      expect.objectContaining({ code: 'LINKAGE_PERMISSIONS_INVALID' }),
    );
    expect(() => parsePermissionRows([{ ...good[0], steps: ['JM00000000000001'] }])).toThrow(
      expect.objectContaining({ code: 'LINKAGE_PERMISSIONS_INVALID', extra: { row: 0, field: 'steps' } }),
    );
    // A table written before steps were named covers every step of its procedures.
    const { steps: _, ...old } = good[0]!;
    expect(parsePermissionRows([old])[0]!.steps).toBeNull();
    expect(() => parsePermissionRows([])).toThrow(
      expect.objectContaining({ code: 'LINKAGE_PERMISSIONS_INVALID' }),
    );
  });
});
