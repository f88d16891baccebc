import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import { type Db, rowsOf } from '../kernel/db.ts';
import { ageOn } from '../kernel/japanese-date.ts';
import { japanDate } from '../registry/index.ts';
import { ITEMS, NATIONAL_BODIES } from './catalogue.ts';
import { layoutOf, validFromOf } from './layouts.ts';
import type { LinkageNetwork } from './network.ts';
import type { InstitutionNode } from './node.ts';
import type { CopyRow } from './node-store.ts';

/**
 * Fills the institution nodes with realistic copies for the people on the register, so
 * that queries return data: each municipality enrols its residents (household, last
 * year's local tax, vaccinations, child allowance, public assistance, long-term care), the pension
 * service its insured and pensioners, Hello Work the employed, the health insurer its
 * members. Values are drawn deterministically from each person's record code, so a
 * re-run gives the same copies; J-LIS's part (number → record code) is done in bulk.
 */
interface Person {
  rrc: string;
  number: string;
  birth: string;
  household: string | null;
  relationship: string | null;
  municipality: string;
}

const PAGE = 5000;

/** A stable pseudo-random fraction in [0, 1) for a person and a purpose. */
function draw(rrc: string, purpose: string): number {
  return createHash('sha256').update(`${purpose}:${rrc}`).digest().readUInt32BE(0) / 2 ** 32;
}

type SeedCopy = Omit<CopyRow, 'code'> & { rrc: string };

/** An addressee number as an institution's own system would give: opaque, stable per person. */
function addresseeOf(node: InstitutionNode, rrc: string): string {
  return `P${createHash('sha256').update(`${node.code}:${rrc}`).digest('hex').slice(0, 16)}`;
}

export async function seedNodes(
  network: LinkageNetwork,
  db: Db,
  clock: Clock,
  options: { municipalities?: readonly string[] } = {},
): Promise<{ enrolments: number; copies: number }> {
  const today = japanDate(clock.now());
  const fiscalYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 6 ? 2 : 1);
  const codes = (
    await rowsOf<{ code: string }>(
      db,
      sql`select distinct municipality_code as code from registry.residents where status = 'resident' order by 1`,
    )
  )
    .map((r) => r.code)
    .filter((c) => !options.municipalities || options.municipalities.includes(c));
  const national = Object.fromEntries(NATIONAL_BODIES.map((b) => [b.kind, network.node(b.code)])) as Record<
    string,
    InstitutionNode
  >;
  let enrolments = 0;
  let copies = 0;
  const now = clock.now();
  for (const lg of codes) {
    const municipality = await network.joinLocalGovernment(lg);
    let after = '';
    for (;;) {
      const people = await rowsOf<Person>(
        db,
        sql`select r.resident_record_code as rrc, n.individual_number as number, r.birth_date::text as birth,
                   r.household_id::text as household, r.relationship, r.municipality_code as municipality
            from registry.residents r join jlis.national_index n using (resident_record_code)
            where r.municipality_code = ${lg} and r.status = 'resident' and r.resident_record_code > ${after}
            order by r.resident_record_code limit ${PAGE}`,
      );
      if (people.length === 0) break;
      after = people.at(-1)!.rrc;
      const sizes = new Map<string, { size: number; children: number }>();
      for (const p of people) {
        const h = sizes.get(p.household ?? p.rrc) ?? { size: 0, children: 0 };
        h.size++;
        if (ageOn(p.birth, today) < 15) h.children++;
        sizes.set(p.household ?? p.rrc, h);
      }
      const batches = new Map<InstitutionNode, { enrol: Person[]; copies: SeedCopy[] }>();
      const add = (
        node: InstitutionNode,
        p: Person,
        item: string,
        data: Record<string, unknown>,
        period = '',
      ) => {
        const b = batches.get(node) ?? { enrol: [], copies: [] };
        if (b.enrol.at(-1) !== p) b.enrol.push(p);
        const validFrom = validFromOf(layoutOf(item), data, today);
        b.copies.push({
          rrc: p.rrc,
          item: item as CopyRow['item'],
          period,
          validFrom,
          layoutVersion: layoutOf(item, validFrom).version,
          data,
          notDisclosed: false,
          updatedAt: now,
        });
        batches.set(node, b);
      };
      for (const p of people) {
        const age = ageOn(p.birth, today);
        const house = sizes.get(p.household ?? p.rrc)!;
        add(municipality, p, ITEMS.household, {
          municipalityCode: lg,
          relationship: p.relationship ?? '世帯主',
          householdSize: house.size,
          members: `${house.size}人（うち15歳未満${house.children}人）`,
        });
        if (age >= 18) {
          const income =
            age >= 65
              ? 1_200_000 + Math.round(draw(p.rrc, 'income') * 2_000_000)
              : Math.round(draw(p.rrc, 'income') * 8_000_000);
          const taxable = Math.max(0, income - 1_430_000);
          add(
            municipality,
            p,
            ITEMS.localTax,
            {
              fiscalYear,
              municipalityCode: lg,
              totalIncome: income,
              taxableIncome: taxable,
              municipalTax: Math.round(taxable * 0.06),
              prefecturalTax: Math.round(taxable * 0.04),
              // 森林環境税 from fiscal 2024 (layout version 2): 1,000 yen unless exempt.
              ...(fiscalYear >= 2024 ? { forestEnvironmentTax: taxable === 0 ? 0 : 1000 } : {}),
              dependents: p.relationship === '世帯主' ? house.size - 1 : 0,
              exempt: taxable === 0,
            },
            String(fiscalYear),
          );
        }
        if (age < 7) {
          // 予防接種: the MR vaccine's first dose at one year old, as the municipality records it.
          const first = `${Number(p.birth.slice(0, 4)) + 1}${p.birth.slice(4)}`.replace('-02-29', '-03-01');
          if (first <= today)
            add(municipality, p, ITEMS.vaccination, {
              vaccine: '麻しん風しん混合（MR）',
              dose: 1,
              givenOn: first,
            });
        }
        if (p.relationship === '世帯主' && house.children > 0) {
          add(municipality, p, ITEMS.childAllowance, {
            children: house.children,
            monthlyAmount: house.children * 10_000,
            since: `${fiscalYear}-04-01`,
          });
        }
        if (draw(p.rrc, 'assistance') < 0.017) {
          add(municipality, p, ITEMS.publicAssistance, {
            receiving: true,
            since: `${fiscalYear - 2}-10-01`,
            kinds: '生活扶助・住宅扶助',
          });
        }
        if (age >= 65) {
          add(municipality, p, ITEMS.longTermCare, {
            insuredNumber: p.rrc.slice(0, 10),
            premiumStage: 1 + Math.floor(draw(p.rrc, 'stage') * 9),
            ...(age >= 80 && draw(p.rrc, 'care') < 0.3 ? { careLevel: '要介護1' } : {}),
          });
        }
        if (age >= 20 && age < 65) {
          add(national['pension-service']!, p, ITEMS.pensionContributions, {
            scheme: draw(p.rrc, 'scheme') < 0.6 ? '厚生年金' : '国民年金',
            enrolledOn: `${Number(p.birth.slice(0, 4)) + 20}${p.birth.slice(4)}`,
          });
          const employed = draw(p.rrc, 'employed') < 0.62;
          add(national['employment-service']!, p, ITEMS.employmentInsurance, {
            insured: employed,
            receivingBenefit: !employed && draw(p.rrc, 'benefit') < 0.05,
          });
          if (employed) {
            add(national['health-insurer']!, p, ITEMS.healthInsurance, {
              insurerNumber: '01130012',
              scheme: '協会けんぽ',
              qualifiedOn: `${fiscalYear - 3}-04-01`,
              dependent: false,
            });
          }
        }
        if (age >= 65) {
          add(national['pension-service']!, p, ITEMS.pensionBenefits, {
            receiving: true,
            kind: '老齢基礎年金',
            annualAmount: 600_000 + Math.round(draw(p.rrc, 'pension') * 1_200_000),
          });
        }
      }
      for (const [node, b] of batches) {
        enrolments += await node.enrolKnown(
          b.enrol.map((p) => ({
            addressee: addresseeOf(node, p.rrc),
            individualNumber: p.number,
            residentRecordCode: p.rrc,
          })),
        );
        await node.store.putCopies(
          b.copies.map(({ rrc, ...c }) => ({
            ...c,
            code: network.core.issueCode(node.code, rrc),
          })),
        );
        copies += b.copies.length;
      }
    }
  }
  return { enrolments, copies };
}
