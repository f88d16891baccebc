import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import type { CertificateAuthority, IssuedCertificate, IssueRequest } from './ca.ts';
import { PkiErrors } from './errors.ts';
import { type KeyStore, loadOrCreateCa } from './keystore.ts';
import { CERTIFICATE_KINDS, type CertificateKind, type RevocationReason } from './model.ts';
import { certificates, crlNumbers } from './schema.ts';
import type { x509 } from './x509.ts';

export type CertificateStatus = 'good' | 'revoked' | 'held';

/** How long a published CRL stays current; a new one is made sooner when anything changes. */
const CRL_LIFETIME_MS = 24 * 3_600_000;
/** A CRL is remade at least this often even when nothing changed. */
const CRL_REFRESH_MS = 3_600_000;

/**
 * J-LIS's certificate service: the two CAs, the record of every certificate issued
 * and its status, and the CRLs. Suspension (certificateHold) is the one reversible
 * revocation; every other reason is final.
 */
export class PkiService {
  readonly #crls = new Map<CertificateKind, { crl: x509.X509Crl; at: number }>();

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cas: Readonly<Record<CertificateKind, CertificateAuthority>>,
  ) {}

  static async start(db: Db, clock: Clock, store: KeyStore): Promise<PkiService> {
    const now = clock.now();
    const [signature, authentication] = await Promise.all(
      CERTIFICATE_KINDS.map((kind) => loadOrCreateCa(store, kind, now)),
    );
    return new PkiService(db, clock, { signature: signature!, authentication: authentication! });
  }

  ca(kind: CertificateKind): CertificateAuthority {
    return this.cas[kind];
  }

  async issue(kind: CertificateKind, req: IssueRequest & { holder?: string }): Promise<IssuedCertificate> {
    const cert = await this.cas[kind].issue(req);
    await this.db.insert(certificates).values({
      serialNumber: cert.serialNumber,
      kind,
      holder: req.holder ?? null,
      notBefore: req.notBefore,
      notAfter: req.notAfter,
      status: 'good',
      issuedAt: this.clock.now(),
    });
    return cert;
  }

  async status(serialNumber: string) {
    const [row] = await this.db
      .select()
      .from(certificates)
      .where(eq(certificates.serialNumber, serialNumber));
    if (!row) throw new DomainError(PkiErrors.PKI_CERTIFICATE_UNKNOWN, serialNumber);
    return {
      serialNumber,
      kind: row.kind as CertificateKind,
      status: row.status as CertificateStatus,
      reason: row.reason as RevocationReason | null,
      revokedAt: row.revokedAt,
      notAfter: row.notAfter,
    };
  }

  /** Revokes at once; `certificateHold` suspends (reversible), any other reason is final. */
  async revoke(serialNumber: string, reason: RevocationReason): Promise<void> {
    const now = this.clock.now();
    const updated = await this.db
      .update(certificates)
      .set({ status: reason === 'certificateHold' ? 'held' : 'revoked', reason, revokedAt: now })
      .where(and(eq(certificates.serialNumber, serialNumber), inArray(certificates.status, ['good', 'held'])))
      .returning({ kind: certificates.kind });
    if (updated.length === 0) {
      await this.status(serialNumber); // unknown → PKI_CERTIFICATE_UNKNOWN
      throw new DomainError(PkiErrors.PKI_ALREADY_REVOKED, serialNumber);
    }
    this.#crls.delete(updated[0]!.kind as CertificateKind);
  }

  /** Ends a suspension: the certificate is good again and leaves the CRL. */
  async resume(serialNumber: string): Promise<void> {
    const updated = await this.db
      .update(certificates)
      .set({ status: 'good', reason: null, revokedAt: null })
      .where(and(eq(certificates.serialNumber, serialNumber), eq(certificates.status, 'held')))
      .returning({ kind: certificates.kind });
    if (updated.length === 0) {
      await this.status(serialNumber);
      throw new DomainError(PkiErrors.PKI_NOT_HELD, serialNumber);
    }
    this.#crls.delete(updated[0]!.kind as CertificateKind);
  }

  /** The current CRL of a CA: remade after any change, and at least hourly, with a new number. */
  async crl(kind: CertificateKind): Promise<x509.X509Crl> {
    const now = this.clock.now();
    const cached = this.#crls.get(kind);
    if (cached && now.getTime() - cached.at < CRL_REFRESH_MS) return cached.crl;
    const revoked = await this.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.kind, kind), inArray(certificates.status, ['revoked', 'held'])));
    const [numbered] = await this.db
      .insert(crlNumbers)
      .values({ kind, number: 1 })
      .onConflictDoUpdate({ target: crlNumbers.kind, set: { number: sql`${crlNumbers.number} + 1` } })
      .returning({ number: crlNumbers.number });
    const crl = await this.cas[kind].crl({
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CRL_LIFETIME_MS),
      number: numbered!.number,
      revocations: revoked.map((r) => ({
        serialNumber: r.serialNumber,
        revokedAt: r.revokedAt!,
        reason: r.reason as RevocationReason,
      })),
    });
    this.#crls.set(kind, { crl, at: now.getTime() });
    return crl;
  }
}
