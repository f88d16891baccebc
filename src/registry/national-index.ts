import { eq } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Random } from '../kernel/random.ts';
import {
  IndividualNumber,
  MAX_GENERATION,
  type NumberIssuer,
  NumbersErrors,
  ResidentRecordCode,
} from '../numbers/index.ts';
import { nationalIndex, retiredNumbers } from './schema.ts';

/**
 * J-LIS's national index (住基全国サーバー's role): the only place where a resident
 * record code and an Individual Number meet. Numbers are issued here, at first
 * registration, by the numbers context's FF1 issuance; a re-issue retires the old one.
 */
export class NationalIndex {
  constructor(
    private readonly issuer: NumberIssuer,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  /** A new resident record code: 10 random digits + check digit, unused nationally. */
  async newResidentRecordCode(tx: Db): Promise<ResidentRecordCode> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const bytes = this.random.bytes(8);
      const body = (Buffer.from(bytes).readBigUInt64BE() % 10_000_000_000n).toString().padStart(10, '0');
      const code = ResidentRecordCode.fromBody(body);
      const taken = await tx
        .select({ c: nationalIndex.residentRecordCode })
        .from(nationalIndex)
        .where(eq(nationalIndex.residentRecordCode, code));
      if (taken.length === 0) return code;
    }
    throw new Error('could not find a free resident record code');
  }

  /** Issues generation 0 for a person registered for the first time. */
  async register(tx: Db, code: ResidentRecordCode, municipalityCode: string): Promise<IndividualNumber> {
    const individualNumber = this.issuer.issue(code, 0);
    await tx.insert(nationalIndex).values({
      residentRecordCode: code,
      individualNumber,
      generation: 0,
      municipalityCode,
      issuedAt: this.clock.now(),
    });
    return individualNumber;
  }

  async moveTo(tx: Db, code: string, municipalityCode: string): Promise<void> {
    await tx
      .update(nationalIndex)
      .set({ municipalityCode })
      .where(eq(nationalIndex.residentRecordCode, code));
  }

  /** J-LIS's answer to an institution holding a number: whose is it (the resident record code)? */
  async residentRecordCodeOf(tx: Db, individualNumber: string): Promise<string | null> {
    const [row] = await tx
      .select({ c: nationalIndex.residentRecordCode })
      .from(nationalIndex)
      .where(eq(nationalIndex.individualNumber, individualNumber));
    return row?.c ?? null;
  }

  async numberOf(tx: Db, code: string): Promise<IndividualNumber | null> {
    const [row] = await tx
      .select({ n: nationalIndex.individualNumber })
      .from(nationalIndex)
      .where(eq(nationalIndex.residentRecordCode, code));
    return row ? IndividualNumber.from(row.n) : null;
  }

  /** After a leak: a new number of the next generation; the old one is retired for ever. */
  async reissue(tx: Db, code: ResidentRecordCode, reason: string): Promise<IndividualNumber> {
    const [row] = await tx
      .select()
      .from(nationalIndex)
      .where(eq(nationalIndex.residentRecordCode, code))
      .for('update');
    if (!row) throw new Error('no index row');
    if (row.generation >= MAX_GENERATION) {
      throw new DomainError(NumbersErrors.NUMBERS_GENERATION_EXHAUSTED, 'reissue past the last generation');
    }
    const next = this.issuer.issue(code, row.generation + 1);
    const now = this.clock.now();
    await tx.insert(retiredNumbers).values({
      individualNumber: row.individualNumber,
      residentRecordCode: code,
      generation: row.generation,
      retiredAt: now,
      reason,
    });
    await tx
      .update(nationalIndex)
      .set({ individualNumber: next, generation: row.generation + 1, issuedAt: now })
      .where(eq(nationalIndex.residentRecordCode, code));
    return next;
  }
}
