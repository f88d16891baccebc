import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import type { Actor } from '../kernel/actor.ts';
import { fixedClock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import { seededRandom } from '../kernel/random.ts';
import { NumberIssuer } from '../numbers/index.ts';
import { parseFiling } from './filings.ts';
import { createRegistry, ensureMunicipalities } from './index.ts';
import { nextStatus, type ResidentStatus, type Standing } from './model.ts';
import { nationalIndex, residents } from './schema.ts';

/**
 * Model-based test: random sequences of filings run against the register and against a
 * small in-memory model. After every step the outcome (accepted or refused) agrees;
 * at the end every stored record equals the model, and the last event's snapshot
 * (the replayable history) equals the stored record.
 */
const TOWNS = ['131016', '131041', '131130'] as const;
const admin: Actor = {
  id: 'admin',
  kind: 'operator',
  displayName: 'A',
  roles: [{ role: 'system-administrator', organisation: '*' }],
};

type Op =
  | { kind: 'register'; town: number }
  | { kind: 'move-out'; who: number; town: number }
  | { kind: 'move-in'; who: number; town: number }
  | { kind: 'move-within'; who: number; n: number }
  | { kind: 'name-change'; who: number; n: number }
  | { kind: 'death' | 'emigration' | 'return'; who: number; town: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), town: fc.nat(2) }),
  fc.record({ kind: fc.constant('move-out' as const), who: fc.nat(5), town: fc.nat(2) }),
  fc.record({ kind: fc.constant('move-in' as const), who: fc.nat(5), town: fc.nat(2) }),
  fc.record({ kind: fc.constant('move-within' as const), who: fc.nat(5), n: fc.nat(99) }),
  fc.record({ kind: fc.constant('name-change' as const), who: fc.nat(5), n: fc.nat(3) }),
  fc.record({
    kind: fc.constantFrom('death' as const, 'emigration' as const, 'return' as const),
    who: fc.nat(5),
    town: fc.nat(2),
  }),
);

interface ModelPerson {
  id: string;
  status: ResidentStatus;
  town: string;
  movingTo: string | null;
  address: string;
  familyName: string;
}

const FAMILY = ['山田', '佐藤', '鈴木', '田中'];
const FAMILY_KANA = ['ヤマダ', 'サトウ', 'スズキ', 'タナカ'];

describeOnEngines('register lifecycle against a model', (database) => {
  let run = 0;
  it('agrees with the model over random event sequences', async () => {
    const { db } = database();
    await ensureMunicipalities(db);
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        // Each run starts from an empty register and index, with its own randomness.
        await db.delete(residents);
        await db.delete(nationalIndex);
        run++;
        const clock = fixedClock('2026-06-01T00:00:00Z');
        const { service } = createRegistry({
          db,
          clock,
          random: seededRandom(run),
          issuer: new NumberIssuer(Buffer.alloc(32, 9)),
        });
        const people: ModelPerson[] = [];
        const today = '2026-06-01';
        for (const op of ops) {
          clock.advance(60_000);
          if (op.kind === 'register') {
            const town = TOWNS[op.town]!;
            const r = await service.file(
              admin,
              town,
              parseFiling(
                {
                  kind: 'entry-from-abroad',
                  familyName: '山田',
                  givenName: '花子',
                  familyNameKana: 'ヤマダ',
                  givenNameKana: 'ハナコ',
                  birthDate: '1990-01-01',
                  sex: '2',
                  address: '一丁目1番',
                  effectiveDate: today,
                  household: { mode: 'new' },
                },
                today,
              ),
            );
            people.push({
              id: r.residentId,
              status: 'resident',
              town,
              movingTo: null,
              address: '一丁目1番',
              familyName: '山田',
            });
            continue;
          }
          const p = people[op.who % Math.max(1, people.length)];
          if (!p) continue;
          const base = { residentId: p.id, effectiveDate: today };
          let raw: Record<string, unknown>;
          let at = p.town;
          let event: Parameters<typeof nextStatus>[1];
          switch (op.kind) {
            case 'move-out':
              raw = { kind: 'move-out', ...base, movingTo: TOWNS[op.town] };
              event = 'move-out';
              break;
            case 'move-in':
              at = TOWNS[op.town]!;
              raw = { kind: 'move-in', ...base, address: `${op.town}丁目`, household: { mode: 'new' } };
              event = 'move-in';
              break;
            case 'move-within':
              raw = { kind: 'move-within', ...base, address: `${op.n}番地` };
              event = 'move-within';
              break;
            case 'name-change':
              raw = {
                kind: 'name-change',
                ...base,
                familyName: FAMILY[op.n],
                givenName: '花子',
                familyNameKana: FAMILY_KANA[op.n],
                givenNameKana: 'ハナコ',
              };
              event = 'name-change';
              break;
            case 'return':
              at = TOWNS[op.town]!;
              raw = { kind: 'entry-from-abroad', ...base, address: '戻り1番', household: { mode: 'new' } };
              event = 'entry-from-abroad';
              break;
            default:
              raw = { kind: op.kind, ...base };
              event = op.kind;
          }
          // The model: the transition table, plus the rules about places.
          let expected: string | null = null;
          let next: ResidentStatus | null = null;
          if (op.kind === 'move-in' && p.status !== 'moved-out') expected = 'REGISTRY_MOVE_OUT_MISSING';
          else if (op.kind !== 'move-in' && op.kind !== 'return' && at !== p.town)
            expected = 'REGISTRY_RESIDENT_NOT_FOUND';
          else {
            try {
              next = nextStatus(p.status as Standing, event);
            } catch {
              expected = 'REGISTRY_EVENT_NOT_ALLOWED';
            }
            if (!expected && op.kind === 'return' && at !== p.town && p.status === 'emigrated')
              expected = null;
            if (!expected && (op.kind === 'move-out' || op.kind === 'move-in')) {
              const target = op.kind === 'move-out' ? TOWNS[op.town]! : at;
              if (target === p.town) expected = 'REGISTRY_SAME_MUNICIPALITY';
            }
          }
          try {
            await service.file(admin, at, parseFiling(raw, today));
            if (expected) throw new Error(`expected ${expected} for ${op.kind} from ${p.status}`);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            expect(e.code).toBe(expected);
            continue;
          }
          p.status = next!;
          if (op.kind === 'move-out') p.movingTo = TOWNS[op.town]!;
          if (op.kind === 'move-in' || op.kind === 'return') {
            p.town = at;
            p.movingTo = null;
            p.address = String((raw as { address: string }).address);
          }
          if (op.kind === 'move-within') p.address = `${op.n}番地`;
          if (op.kind === 'name-change') p.familyName = FAMILY[op.n]!;
        }
        for (const p of people) {
          const stored = await service.get(admin, p.id);
          expect({
            status: stored.status,
            town: stored.municipalityCode,
            movingTo: stored.movingTo,
            address: stored.address,
            familyName: stored.familyName,
          }).toEqual({
            status: p.status,
            town: p.town,
            movingTo: p.movingTo,
            address: p.address,
            familyName: p.familyName,
          });
          const history = await service.history(admin, p.id);
          const last = history.at(-1)!.after;
          expect({
            status: last.status,
            address: last.address,
            familyName: last.familyName,
            version: last.version,
          }).toEqual({
            status: stored.status,
            address: stored.address,
            familyName: stored.familyName,
            version: stored.version,
          });
          expect(history).toHaveLength(stored.version);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
