import { createHash, createPublicKey } from 'node:crypto';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import { Coalescer } from '../kernel/coalesce.ts';
import { anyOf, type Db, rowsOf } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { RecentCache } from '../kernel/recent-cache.ts';
import { type CertificateAuthority, type IssuedCertificate, type IssueRequest, readFacts } from './ca.ts';
import { readCertificate, sameBytes } from './certificate.ts';
import { subjectPublicKeyBits } from './der.ts';
import { PkiErrors } from './errors.ts';
import { type KeyStore, loadOrCreateCa } from './keystore.ts';
import {
  type CaKeyAlgorithm,
  CERTIFICATE_KINDS,
  type CertificateKind,
  type RevocationReason,
} from './model.ts';
import {
  type CertId,
  errorResponse,
  OCSP_OID,
  OcspMalformed,
  parseOcspRequest,
  type SingleStatus,
  successResponse,
} from './ocsp.ts';
import { certificates, crlNumbers } from './schema.ts';
import {
  type CertificateState,
  type CheckInput,
  type CheckResult,
  checkCertificate,
  digestOf,
  type KnownCertificate,
  type Presented,
  type RegisterEntry,
  readPresented,
  type TrustAnchor,
} from './verification.ts';
import { x509 } from './x509.ts';

export type CertificateStatus = 'good' | 'revoked' | 'held';

/** How long a published CRL stays current; a new one is made sooner when anything changes. */
const CRL_LIFETIME_MS = 24 * 3_600_000;
/** A CRL is remade at least this often even when nothing changed. */
const CRL_REFRESH_MS = 3_600_000;
/** How long an OCSP answer may be relied on; clients that send a nonce always get a fresh one. */
const OCSP_LIFETIME_MS = 10 * 60_000;

/** How a CA is named in OCSP CertIDs, by hash algorithm; and its key hash as responder. */
interface OcspIdentity {
  readonly kind: CertificateKind;
  readonly hashes: ReadonlyMap<string, { name: Uint8Array; key: Uint8Array }>;
  readonly responderKeyHash: Uint8Array;
}

/** Certificates remembered as read and checked, per CA, unless told (~2 KB each as read, with its key). */
const KNOWN_CERTIFICATES = 50_000;
/** Status reads made at once leave as one query; at most this many such queries at a time. */
const STATE_READS_IN_FLIGHT = 2;

function identify(ca: CertificateAuthority): { anchor: TrustAnchor; ocsp: OcspIdentity } {
  const parts = readCertificate(new Uint8Array(ca.certificate.rawData));
  const keyBits = subjectPublicKeyBits(parts.spki);
  const digest = (algorithm: string, data: Uint8Array) =>
    new Uint8Array(createHash(algorithm).update(data).digest());
  const hashes = new Map([
    [OCSP_OID.sha1, { name: digest('sha1', parts.subject), key: digest('sha1', keyBits) }],
    [OCSP_OID.sha256, { name: digest('sha256', parts.subject), key: digest('sha256', keyBits) }],
  ]);
  return {
    anchor: {
      kind: ca.kind,
      name: parts.subject,
      key: createPublicKey({ key: Buffer.from(parts.spki), format: 'der', type: 'spki' }),
    },
    ocsp: { kind: ca.kind, hashes, responderKeyHash: digest('sha1', keyBits) },
  };
}

/**
 * J-LIS's certificate service: the two CAs, the record of every certificate issued
 * and its status, and the CRLs. Suspension (certificateHold) is the one reversible
 * revocation; every other reason is final.
 */
export class PkiService {
  readonly #crls = new Map<CertificateKind, { crl: x509.X509Crl; at: number; changed: number }>();
  readonly #identities: Readonly<Record<CertificateKind, ReturnType<typeof identify>>>;
  readonly #known: Readonly<Record<CertificateKind, RecentCache<string, KnownCertificate>>>;
  // Every login reads its certificate's register line: many logins at once read theirs in one query.
  readonly #entryReads: Readonly<Record<CertificateKind, Coalescer<string, RegisterEntry>>>;

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cas: Readonly<Record<CertificateKind, CertificateAuthority>>,
    knownCertificates: number,
  ) {
    this.#identities = { signature: identify(cas.signature), authentication: identify(cas.authentication) };
    const cache = () =>
      new RecentCache<string, KnownCertificate>(knownCertificates, Number.POSITIVE_INFINITY, () => 0);
    this.#known = { signature: cache(), authentication: cache() };
    const reads = (kind: CertificateKind) =>
      new Coalescer<string, RegisterEntry>(
        async (serials) => {
          const found = await this.entries(kind, serials);
          return serials.map((s) => found.get(s)!);
        },
        1000,
        STATE_READS_IN_FLIGHT,
      );
    this.#entryReads = { signature: reads('signature'), authentication: reads('authentication') };
  }

  /**
   * The two CAs from the key store; new ones are made with `algorithm` (RSA-2048 unless set).
   * `knownCertificates` bounds how many certificates each CA's checks remember as read and
   * checked (0: every check reads and verifies the certificate afresh).
   */
  static async start(
    db: Db,
    clock: Clock,
    store: KeyStore,
    algorithm: CaKeyAlgorithm = 'rsa-2048',
    knownCertificates = KNOWN_CERTIFICATES,
  ): Promise<PkiService> {
    const now = clock.now();
    const [signature, authentication] = await Promise.all(
      CERTIFICATE_KINDS.map((kind) => loadOrCreateCa(store, kind, now, algorithm)),
    );
    return new PkiService(
      db,
      clock,
      { signature: signature!, authentication: authentication! },
      knownCertificates,
    );
  }

  ca(kind: CertificateKind): CertificateAuthority {
    return this.cas[kind];
  }

  /** Issues and records a certificate; inside the caller's transaction when `tx` is given. */
  async issue(
    kind: CertificateKind,
    req: IssueRequest & { holder?: string },
    tx: Db = this.db,
  ): Promise<IssuedCertificate> {
    const cert = await this.cas[kind].issue(req);
    await tx.insert(certificates).values({
      serialNumber: cert.serialNumber,
      kind,
      holder: req.holder ?? null,
      notBefore: req.notBefore,
      notAfter: req.notAfter,
      status: 'good',
      issuedAt: this.clock.now(),
      issuedDigest: digestOf(cert.der),
    });
    return cert;
  }

  async status(serialNumber: string, tx: Db = this.db) {
    const [row] = await tx.select().from(certificates).where(eq(certificates.serialNumber, serialNumber));
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

  /** The current state of certificates of one kind, by serial number (one query, one text). */
  async states(
    kind: CertificateKind,
    serialNumbers: readonly string[],
  ): Promise<Map<string, CertificateState>> {
    const entries = await this.entries(kind, serialNumbers);
    return new Map([...entries].map(([serial, entry]) => [serial, entry.state]));
  }

  /** The register's lines for certificates of one kind, by serial number (one query). */
  async entries(
    kind: CertificateKind,
    serialNumbers: readonly string[],
  ): Promise<Map<string, RegisterEntry>> {
    const out = new Map<string, RegisterEntry>(
      serialNumbers.map((s) => [s, { state: { status: 'unknown' }, issuedDigest: null }]),
    );
    if (serialNumbers.length === 0) return out;
    const rows = await rowsOf<{
      serial: string;
      status: string;
      reason: string | null;
      revoked_at: Date | string | null;
      issued_digest: string | null;
    }>(
      this.db,
      sql`select serial_number as serial, status, reason, revoked_at, issued_digest from pki.certificates
          where kind = ${kind} and ${anyOf(sql`serial_number`, serialNumbers)}`,
    );
    for (const r of rows) {
      const state: CertificateState =
        r.status === 'good'
          ? { status: 'good' }
          : {
              status: r.status as 'revoked' | 'held',
              reason: r.reason as RevocationReason,
              revokedAt: new Date(r.revoked_at!),
            };
      out.set(r.serial, { state, issuedDigest: r.issued_digest });
    }
    return out;
  }

  /**
   * SQL for those of `serials` (an SQL text array) whose certificates of `kind` are good,
   * each row locked FOR SHARE until the statement's transaction ends: a statement that
   * writes on the strength of a certificate selects from it, and a suspension or
   * revocation (an update of the row) then either waits for that write to commit or is
   * seen by it (a locking read re-checks a row changed meanwhile).
   */
  goodLocked(kind: CertificateKind, serials: SQL): SQL {
    return sql`select serial_number from pki.certificates
      where kind = ${kind} and serial_number = any(${serials}) and status = 'good'
      for share`;
  }

  /**
   * Checks a card's certificate (and a signature made with it) against our CA of that
   * kind and its current status: what card login and registered verifiers rely on.
   * `presented` is what `read` gave for the same bytes, when the caller read them first.
   */
  check(input: Omit<CheckInput, 'at'> & { at?: Date }, presented?: Presented | null): Promise<CheckResult> {
    return checkCertificate(
      { ...input, at: input.at ?? this.clock.now() },
      {
        anchor: this.#identities[input.kind].anchor,
        entryOf: (serial, kind) => this.#entryReads[kind].load(serial),
        known: this.#known[input.kind],
      },
      presented,
    );
  }

  /**
   * A presented certificate read (or taken as remembered) without checking it, so that a
   * caller can look up what its serial number belongs to while `check` runs; null when it
   * is not a certificate.
   */
  read(kind: CertificateKind, certificate: Uint8Array): Presented | null {
    return readPresented(certificate, this.#known[kind]);
  }

  /**
   * 署名検証 for a registered verifier: the certificate (chain, validity, policy, status)
   * and the signature over the data; the four facts only when everything holds.
   */
  async verifySignature(input: { certificate: Uint8Array; data: Uint8Array; signature: Uint8Array }) {
    const checkedAt = this.clock.now();
    const result = await this.check({
      certificate: input.certificate,
      kind: 'signature',
      at: checkedAt,
      signed: { data: input.data, signature: input.signature },
    });
    const facts =
      result.verdict === 'valid'
        ? readFacts(new x509.X509Certificate(new Uint8Array(input.certificate)))
        : null;
    return {
      verdict: result.verdict,
      ...(result.certificate
        ? {
            serialNumber: result.certificate.serialNumber,
            notAfter: result.certificate.notAfter.toISOString(),
          }
        : {}),
      ...('reason' in result && result.reason ? { reason: result.reason } : {}),
      ...(facts ? { facts } : {}),
      checkedAt: checkedAt.toISOString(),
    };
  }

  /**
   * Answers an OCSP request (RFC 6960). The response is signed by the CA that issued the
   * first certificate asked about; CertIDs naming neither CA, or the other CA than that
   * one, are answered `unknown`. A malformed request gets the malformedRequest status.
   */
  async ocsp(request: Uint8Array): Promise<{ response: Uint8Array; malformed: boolean }> {
    let parsed: ReturnType<typeof parseOcspRequest>;
    try {
      parsed = parseOcspRequest(request);
    } catch (e) {
      if (e instanceof OcspMalformed) return { response: errorResponse('malformedRequest'), malformed: true };
      throw e;
    }
    const issuers = parsed.certIds.map((id) => this.issuerOf(id));
    const responder = issuers.find((k) => k !== undefined) ?? 'authentication';
    const asked = parsed.certIds.filter((_, i) => issuers[i] === responder).map((id) => id.serialNumber);
    const states = await this.states(responder, asked);
    const now = this.clock.now();
    const answers = parsed.certIds.map((certId, i) => ({
      certId,
      status:
        issuers[i] === responder
          ? singleStatus(states.get(certId.serialNumber)!)
          : { status: 'unknown' as const },
    }));
    const response = await successResponse({
      responderKeyHash: this.#identities[responder].ocsp.responderKeyHash,
      producedAt: now,
      nextUpdate: new Date(now.getTime() + OCSP_LIFETIME_MS),
      answers,
      ...(parsed.nonceExtension ? { nonceExtension: parsed.nonceExtension } : {}),
      signatureAlgorithm: this.cas[responder].signatureAlgorithm,
      sign: (tbs) => this.cas[responder].sign(tbs),
    });
    return { response, malformed: false };
  }

  private issuerOf(id: CertId): CertificateKind | undefined {
    for (const kind of CERTIFICATE_KINDS) {
      const hashes = this.#identities[kind].ocsp.hashes.get(id.hashAlgorithm);
      if (hashes && sameBytes(hashes.name, id.issuerNameHash) && sameBytes(hashes.key, id.issuerKeyHash))
        return kind;
    }
    return undefined;
  }

  /**
   * Revokes at once; `certificateHold` suspends (reversible), any other reason is final.
   * A held certificate may be revoked for good. Inside the caller's transaction when `tx`
   * is given: CRLs notice the change by its time, after it commits.
   */
  async revoke(serialNumber: string, reason: RevocationReason, tx: Db = this.db): Promise<void> {
    const now = this.clock.now();
    const updated = await tx
      .update(certificates)
      .set({
        status: reason === 'certificateHold' ? 'held' : 'revoked',
        reason,
        revokedAt: now,
      })
      .where(and(eq(certificates.serialNumber, serialNumber), inArray(certificates.status, ['good', 'held'])))
      .returning({ kind: certificates.kind });
    if (updated.length === 0) {
      await this.status(serialNumber, tx); // unknown → PKI_CERTIFICATE_UNKNOWN
      throw new DomainError(PkiErrors.PKI_ALREADY_REVOKED, serialNumber);
    }
    await this.countChange(updated[0]!.kind as CertificateKind, tx);
  }

  private async countChange(kind: CertificateKind, tx: Db): Promise<void> {
    await tx
      .insert(crlNumbers)
      .values({ kind, number: 0, changes: 1 })
      .onConflictDoUpdate({ target: crlNumbers.kind, set: { changes: sql`${crlNumbers.changes} + 1` } });
  }

  /** Ends a suspension: the certificate is good again and leaves the CRL. */
  async resume(serialNumber: string, tx: Db = this.db): Promise<void> {
    const updated = await tx
      .update(certificates)
      .set({ status: 'good', reason: null, revokedAt: null })
      .where(and(eq(certificates.serialNumber, serialNumber), eq(certificates.status, 'held')))
      .returning({ kind: certificates.kind });
    if (updated.length === 0) {
      await this.status(serialNumber, tx);
      throw new DomainError(PkiErrors.PKI_NOT_HELD, serialNumber);
    }
    await this.countChange(updated[0]!.kind as CertificateKind, tx);
  }

  /**
   * The current CRL of a CA: remade after any committed change (told by the change
   * count, so across processes too), and at least hourly, with a new number.
   */
  async crl(kind: CertificateKind): Promise<x509.X509Crl> {
    const now = this.clock.now();
    const [counted] = await this.db
      .select({ changes: crlNumbers.changes })
      .from(crlNumbers)
      .where(eq(crlNumbers.kind, kind));
    const changed = counted?.changes ?? 0;
    const cached = this.#crls.get(kind);
    if (cached && cached.changed === changed && now.getTime() - cached.at < CRL_REFRESH_MS) return cached.crl;
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
    this.#crls.set(kind, { crl, at: now.getTime(), changed });
    return crl;
  }
}

/** A certificate's state as an OCSP answer: suspension is `revoked` with certificateHold. */
function singleStatus(state: CertificateState): SingleStatus {
  if (state.status === 'good' || state.status === 'unknown') return { status: state.status };
  return { status: 'revoked', revokedAt: state.revokedAt, reason: state.reason };
}
